package org.await4j.processor.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rewriter on its own: with every candidate wrapped, what it writes is valid Java, and it
 * leaves alone the places where a wrap would change the meaning or the validity.
 */
class RewriterTest {
  private static final String SOURCE = "package r;\n"
      + "import java.util.*;\n"
      + "public class R {\n"
      + "  private int count;\n"
      + "  private static class Hidden { }\n"
      + "  static final int LIMIT = 3;\n"
      + "  static int pick(int k, List<?> l, Object o) {\n"
      + "    byte b = 10;\n"
      + "    final int local = 4;\n"
      + "    int x;\n"
      + "    x = k + 1;\n"
      + "    switch (k) { case LIMIT: x++; break; case local: x--; break; default: break; }\n"
      + "    Runnable run = () -> System.out.println(k + 1);\n"
      + "    while (true) { if (x > LIMIT) break; x += 2; }\n"
      + "    if (o instanceof String s && s.length() > 1) { x += s.length(); }\n"
      + "    Object first = l.isEmpty() ? null : l.get(0);\n"
      + "    return x + b + (first == null ? 0 : 1);\n"
      + "  }\n"
      + "  int next() { return count++; }\n"
      + "  List<String> names(String a) { return new ArrayList<>(List.of(a, a + \"!\")); }\n"
      + "  static void calls(List<String> l) { l.forEach(s -> helper(s)); }\n"
      + "  static void helper(String s) { }\n"
      + "}\n";

  private final Rewriter.Result all = new Rewriter(1, 1.0)
      .rewrite("r/R.java", SOURCE, Set.of(), Set.of());

  @Test
  void writesValidJava() {
    Compilation plain = ClassRun.compile("r.R", all.text(), false);
    assertEquals(Compilation.Status.SUCCESS, plain.status(),
        plain.diagnostics() + "\n" + all.text());
    assertTrue(all.wraps() > 10, all.text());
  }

  @Test
  void leavesConstantsTargetsLambdasAndPatternsAlone() {
    String t = all.text();
    assertTrue(t.contains("byte b = 10;"), t); // narrowing of a constant
    assertTrue(t.contains("final int local = 4;"), t); // a constant variable
    assertTrue(t.contains("case LIMIT:") && t.contains("case local:"), t);
    assertTrue(t.contains("x = ((int) await("), t); // the target stays, the value is wrapped
    assertTrue(t.contains("() -> System.out.println(k + 1)"), t);
    assertTrue(t.contains("while (true)"), t); // reachability after the loop
    assertTrue(t.contains("instanceof String s && ") && !t.contains("completed(o instanceof"),
        t); // the binding s is used after the condition
    assertTrue(t.contains("return count++;") || t.contains("count++)"), t);
    assertTrue(!t.contains("<capture") && !t.contains("completed(l.get(0))"), t);
  }

  @Test
  void marksWhatItCanAndCountsTheRest() {
    List<String> marked = all.targets().stream().map(Rewriter.Target::name).toList();
    assertEquals(List.of("pick", "next", "names", "calls"), marked);
    assertEquals(Integer.valueOf(1), all.skips().get("called from a lambda, method reference,"
        + " class body or synchronized block (a call of an @Async method there would be a"
        + " suspension point)"));
    assertTrue(all.text().contains("\n  private int count;"), all.text()); // kept
    assertTrue(all.text().contains("\n  private static class Hidden"), all.text()); // kept
    assertEquals(0, all.relaxed());
  }

  @Test
  void excludedMethodsStayAsWritten() {
    String id = "r.R#names(java.lang.String)";
    Rewriter.Result r = new Rewriter(1, 1.0).rewrite("r/R.java", SOURCE, Set.of(id), Set.of());
    assertTrue(r.text().contains(
        "  List<String> names(String a) { return new ArrayList<>(List.of(a, a + \"!\")); }"),
        r.text());
    assertTrue(r.targets().stream().noneMatch(t -> t.id().equals(id)));
  }
}
