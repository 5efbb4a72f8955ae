package org.await4j.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Checks diagnostics written into the source: a line {@code // ERROR: text} means the next line
 * must get an error containing {@code text}; no other error may be reported.
 */
final class ExpectedErrors {
  private ExpectedErrors() {}

  static void check(String name, String source) {
    Compilation c = Harness.compile(name, source);
    List<String> expected = new ArrayList<>();
    String[] lines = source.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int at = lines[i].indexOf("// ERROR: ");
      if (at >= 0) {
        expected.add((i + 2) + ": " + lines[i].substring(at + "// ERROR: ".length()).trim());
      }
    }
    List<String> actual = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        assertWithMessage("the file of " + d.getMessage(Locale.ROOT))
            .that(d.getSource() == null ? "" : d.getSource().getName())
            .endsWith(name.replace('.', '/') + ".java");
        actual.add(d.getLineNumber() + ": " + d.getMessage(Locale.ROOT));
      }
    }
    assertWithMessage("errors reported for " + name + "\n" + Harness.describe(c))
        .that(actual.size()).isEqualTo(expected.size());
    for (String e : expected) {
      String line = e.substring(0, e.indexOf(':'));
      String text = e.substring(e.indexOf(':') + 2);
      boolean found = actual.stream()
          .anyMatch(a -> a.startsWith(line + ": ") && a.contains(text));
      assertWithMessage("expected an error on line " + line + " containing '" + text
          + "'; got " + actual).that(found).isTrue();
    }
  }
}
