package org.await4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generated twins and machines keep SPEC.md's names and read like hand-written code. */
class GeneratedCodeTest {
  static final String SOURCE = """
      package shop;

      import java.net.URI;
      import java.util.List;
      import org.await4j.Async;
      import org.await4j.Task;
      import static org.await4j.Await.await;

      public class Catalog {
        @Async
        public String page(URI uri) {
          String body = await(Task.completed(uri.toString()));
          return body;
        }

        @Async
        int totalSize(List<URI> uris) {
          int total = 0;
          for (URI u : uris) total += page(u).length();
          return total;
        }

        @Async
        void touch(String self) {
          await(Task.completed(self));
        }

        @Async
        protected static long twice(long x) { return 2 * await(Task.completed(x)); }

        @Async
        int firstLong(List<String> words, int min) {
          int seen = 0;
          for (String w : words) {
            if (w.length() < min) {
              seen++;
              continue;
            }
            switch (await(Task.completed(w.length() % 2))) {
              case 0:
                return seen;
              default:
                break;
            }
          }
          return -1;
        }

        public static class Box<T> {
          T value;
          @Async
          public <R> R map(java.util.function.Function<T, R> f) {
            return f.apply(await(Task.completed(value)));
          }
        }

        @Async
        int guarded(List<String> words) {
          try {
            return await(Task.completed(words.size()));
          } catch (IllegalStateException e) {
            return -1;
          }
        }
      }
      """;

  static Compilation compilation;

  /** Compiled with the processor as a -Xlint:all -Werror build compiles it. */
  private static Compilation strictly(JavaFileObject source) {
    return Compiler.javac().withProcessors(new AsyncProcessor())
        .withOptions("-Xlint:all,-processing", "-Werror").compile(source);
  }

  @BeforeAll
  static void compile() {
    compilation = strictly(JavaFileObjects.forSourceString("shop.Catalog", SOURCE));
    assertWithMessage(Harness.describe(compilation))
        .that(compilation.status()).isEqualTo(Compilation.Status.SUCCESS);
  }

  /** An auxiliary class (a second top-level class of a file) whose twin names it: no warning. */
  @Test
  void anAuxiliaryClassCompilesWithoutWarnings() {
    Compilation c = strictly(JavaFileObjects.forSourceString("shop.Shop", """
            package shop;

            import org.await4j.Async;
            import org.await4j.Task;
            import static org.await4j.Await.await;

            public class Shop {
              static Task<Integer> start() { return HelperAsync.price(); }
            }

            class Helper {
              @Async static int price() { return await(Task.completed(42)); }
            }
            """));
    assertWithMessage(Harness.describe(c)).that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
  }

  /**
   * Code the lowering puts into the body's printed source (a jump inside a kept {@code if}, an
   * arm of a kept {@code switch}) goes in as deep as the line it replaces.
   */
  /**
   * A class's machines are nested in one file, named after their methods, except where such a
   * class could not be named or would hide a package from the code printed beside it.
   */
  @Test
  void machinesAreNestedInOneFileUnderNamesThatHideNothing() {
    String source = """
        package names;

        import java.util.ArrayList;
        import java.util.List;
        import org.await4j.Async;
        import org.await4j.EventLoop;
        import org.await4j.Task;
        import static org.await4j.Await.await;

        public class Names {
          @Async int record(int n) { return await(Task.completed(n)) + 1; }
          @Async List<Integer> java(int n) { return java.util.List.of(await(Task.completed(n))); }
          @Async int Fetch(int n) { return await(Task.completed(n)) * 2; }
          @Async int m(int n) { return await(Task.completed(n)); }
          @Async String m(String s) { return await(Task.completed(s)); }
          @Async int items(int n) {
            List<Integer> items = new ArrayList<>();
            items.add(await(Task.completed(n)));
            return items.size() + items.get(0);
          }

          // a variable named as a machine class (stream, items) does not hide it from its calls
          @Async <T> List<T> stream(List<T> stream) { return List.copyOf(await(Task.completed(stream))); }
          @Async int twice(int twice) {
            int items = items(await(Task.completed(twice)));
            return items * 2;
          }

          // a local of a block, named like a class or a package used elsewhere in the body
          @Async int shadow(int v) {
            { int Math = await(Task.completed(v)); v += Math; }
            return Math.abs(v);
          }
          @Async int roots(int q) {
            int k;
            { int java = await(Task.completed(1)); k = java + q; }
            return java.util.List.of(q, k).size() + k;
          }

          public static String both() {
            Names x = new Names();
            String blocking = x.record(1) + " " + x.java(2) + " " + x.Fetch(3) + " " + x.m(4) + " "
                + x.m("five") + " " + x.items(6) + " " + x.stream(List.of(8)) + " " + x.twice(9) + " " + x.shadow(3) + " " + x.roots(2);
            String async = EventLoop.run(() -> NamesAsync.record(x, 1)) + " "
                + EventLoop.run(() -> NamesAsync.java(x, 2)) + " "
                + EventLoop.run(() -> NamesAsync.Fetch(x, 3)) + " "
                + EventLoop.run(() -> NamesAsync.m(x, 4)) + " "
                + EventLoop.run(() -> NamesAsync.m(x, "five")) + " "
                + EventLoop.run(() -> NamesAsync.items(x, 6)) + " "
                + EventLoop.run(() -> NamesAsync.stream(x, List.of(8))) + " "
                + EventLoop.run(() -> NamesAsync.twice(x, 9)) + " "
                + EventLoop.run(() -> NamesAsync.shadow(x, 3)) + " "
                + EventLoop.run(() -> NamesAsync.roots(x, 2));
            return blocking + " | " + async;
          }
        }
        """;
    Compilation c = strictly(JavaFileObjects.forSourceString("names.Names", source));
    assertWithMessage(Harness.describe(c)).that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
    String machines = Harness.generated(c, "NamesAsyncMachines");
    for (String name : List.of("record_machine", "java_machine", "Fetch_machine", "m", "m_2", "items")) {
      assertThat(machines).contains("\n  static final class " + name + " extends ");
    }
    org.junit.jupiter.api.Assertions.assertEquals("2 [2] 6 4 five 7 [8] 20 6 5 | 2 [2] 6 4 five 7 [8] 20 6 5",
        Harness.both(Harness.compileAndLoad("names.Names", source), "names.Names"));
  }

  /** Classes of the source's package named like java.lang's: generated code names those in full. */
  @Test
  void aPackageWithItsOwnIntegerObjectAndThrowable() {
    ClassLoader l = Harness.compileAndLoad(
        "q.Integer", "package q; public class Integer { public int n = 7; }",
        "q.Object", "package q; public class Object { }",
        "q.Throwable", "package q; public class Throwable { }",
        "q.U", """
            package q;

            import org.await4j.Async;
            import org.await4j.EventLoop;
            import org.await4j.Task;
            import static org.await4j.Await.await;

            public class U {
              @Async static int f(int x) {
                int y = await(Task.completed(x));
                try {
                  return y + new Integer().n + await(Task.<java.lang.Integer>failed(new IllegalStateException()));
                } catch (IllegalStateException e) {
                  return y + 1;
                }
              }
              @Async int g(String s) { return await(Task.completed(s)).length(); }

              public static String both() {
                U u = new U();
                return f(2) + " " + u.g("abc") + " | " + EventLoop.run(() -> UAsync.f(2)) + " "
                    + EventLoop.run(() -> UAsync.g(u, "abc"));
              }
            }
            """);
    org.junit.jupiter.api.Assertions.assertEquals("3 3 | 3 3", Harness.both(l, "q.U"));
  }

  /** A generic inner class of a generic class, written Box<String>.Inner<Integer>, across an await. */
  @Test
  void aGenericInnerClassOfAGenericClass() {
    ClassLoader l = Harness.compileAndLoad("g.Main", """
        package g;

        import org.await4j.Async;
        import org.await4j.EventLoop;
        import org.await4j.Tasks;
        import static org.await4j.Await.await;

        public class Main {
          static class Box<T> {
            T t;
            Box(T t) { this.t = t; }
            class Inner<V> {
              V v;
              Inner(V v) { this.v = v; }
              String show() { return t + "/" + v; }
            }
          }
          @Async static String local() {
            Box<String> b = new Box<>("x");
            Box<String>.Inner<Integer> in = b.new Inner<>(1);
            await(Tasks.yieldNow());
            return in.show();
          }
          @Async static String param(Box<String>.Inner<Integer> in) {
            await(Tasks.yieldNow());
            return in.show() + param2(in);
          }
          @Async static String param2(Box<String>.Inner<Integer> in) {
            await(Tasks.yieldNow());
            return "+" + in.v;
          }

          public static String both() {
            Box<String>.Inner<Integer> in = new Box<>("y").new Inner<>(2);
            return local() + " " + param(in) + " | " + EventLoop.run(MainAsync::local) + " "
                + EventLoop.run(() -> MainAsync.param(in));
          }
        }
        """);
    org.junit.jupiter.api.Assertions.assertEquals("x/1 y/2+2 | x/1 y/2+2", Harness.both(l, "g.Main"));
  }

  @Test
  void aPlainInnerClassOfAGenericClass() {
    // Main<T>.Cell, not the raw Main.Cell, whose get() would give Object (round 17)
    ClassLoader l = Harness.compileAndLoad("g2.Main", """
        package g2;

        import java.util.HashMap;
        import java.util.Map;
        import org.await4j.Async;
        import org.await4j.EventLoop;
        import org.await4j.Tasks;
        import static org.await4j.Await.await;

        public class Main<T> {
          T initial;
          final Map<String, Cell> cells = new HashMap<>();
          Main(T initial) { this.initial = initial; }
          class Cell {
            T value = initial;
            @Async T get() {
              await(Tasks.yieldNow());
              return value;
            }
          }
          @Async T read(String key) {
            Cell c = cells.computeIfAbsent(key, k -> new Cell());
            await(Tasks.yieldNow());
            T v = c.get();
            c.value = v;
            return v;
          }

          public static String both() {
            Main<String> m = new Main<>("hello");
            return m.read("k") + " | " + EventLoop.run(() -> MainAsync.read(m, "j"));
          }
        }
        """);
    org.junit.jupiter.api.Assertions.assertEquals("hello | hello", Harness.both(l, "g2.Main"));
  }

  @Test
  void aNullQualifierOfNewThrowsBeforeTheArguments() {
    // outer.new Inner(await(...)): JLS 15.9.4 checks outer first (round 17)
    ClassLoader l = Harness.compileAndLoad("q.Main", """
        package q;

        import java.util.ArrayList;
        import java.util.List;
        import org.await4j.Async;
        import org.await4j.EventLoop;
        import org.await4j.Tasks;
        import static org.await4j.Await.await;

        public class Main {
          static final List<String> LOG = new ArrayList<>();
          final String name;
          Main(String n) { name = n; }
          class Inner { final String s; Inner(int k) { s = name + k; } }
          @Async static int arg(int k) { await(Tasks.yieldNow()); LOG.add("arg" + k); return k; }
          static Main pick(Main m) { LOG.add("pick"); return m; }
          @Async static String make(Main outer, Main other) {
            String a = outer.new Inner(arg(1)).s; // a parameter: read after the await
            String b = pick(other).new Inner(arg(2)).s; // copied before it
            return a + b;
          }
          static String run(java.util.function.Supplier<String> s) {
            LOG.clear();
            try {
              return s.get() + LOG;
            } catch (NullPointerException e) {
              return "NPE" + LOG;
            }
          }

          public static String both() {
            Main m = new Main("m");
            StringBuilder out = new StringBuilder();
            for (Main[] p : new Main[][] {{m, m}, {null, m}, {m, null}}) {
              out.append(run(() -> make(p[0], p[1]))).append(" = ")
                  .append(run(() -> EventLoop.run(() -> MainAsync.make(p[0], p[1])))).append("; ");
            }
            return out.toString();
          }
        }
        """);
    org.junit.jupiter.api.Assertions.assertEquals("m1m2[arg1, pick, arg2] = m1m2[arg1, pick, arg2]; "
        + "NPE[] = NPE[]; NPE[arg1, pick] = NPE[arg1, pick]; ", Harness.both(l, "q.Main"));
  }

  @Test
  void moreLocalsThanTheSharedBodysParametersCanHold() {
    // 130 doubles across an await: 260 parameter slots, past the JVM's 255 (round 17)
    StringBuilder b = new StringBuilder("package many;\nimport org.await4j.*;\n"
        + "import static org.await4j.Await.await;\npublic class Main {\n"
        + "  @Async static double total(double p) {\n");
    for (int i = 0; i < 130; i++) {
      b.append("    double c").append(i).append(" = p * ").append(i).append(";\n");
    }
    b.append("    await(Tasks.yieldNow());\n    double s = 0;\n");
    for (int i = 0; i < 130; i++) {
      b.append("    s += c").append(i).append(";\n");
    }
    b.append("    return s;\n  }\n  public static String both() {\n"
        + "    return total(1) + \" \" + EventLoop.run(() -> MainAsync.total(1));\n  }\n}\n");
    ClassLoader l = Harness.compileAndLoad("many.Main", b.toString());
    org.junit.jupiter.api.Assertions.assertEquals("8385.0 8385.0", Harness.both(l, "many.Main"));
  }

  @Test
  void aLocalClassOverTheMethodsTypeVariable() {
    // moved into the generic machine, its type is twice<T>.Box, not the raw twice.Box (round 17)
    ClassLoader l = Harness.compileAndLoad("lc.Main", """
        package lc;

        import java.util.List;
        import org.await4j.Async;
        import org.await4j.EventLoop;
        import org.await4j.Tasks;
        import static org.await4j.Await.await;

        public class Main {
          @Async static <T> List<T> twice(T x) {
            class Box {
              final T v;
              Box(T v) { this.v = v; }
            }
            Box b = new Box(x);
            await(Tasks.yieldNow());
            return List.of(b.v, b.v);
          }

          public static String both() {
            return twice("a") + " " + EventLoop.run(() -> MainAsync.twice("a"));
          }
        }
        """);
    org.junit.jupiter.api.Assertions.assertEquals("[a, a] [a, a]", Harness.both(l, "lc.Main"));
  }

  @Test
  void insertedCodeIsIndentedAsTheSourceAroundIt() {
    String machine = Harness.generated(compilation, "CatalogAsyncMachines");
    List<String> lines = List.of(machine.split("\n"));
    // "continue;" inside "if (...) { seen++; continue; }" becomes a jump to the loop's state,
    // printed where the continue stood
    int seen = lines.indexOf(lines.stream().filter(l -> l.strip().equals("seen++;")).findFirst()
        .orElseThrow());
    assertWithMessage("line %s of\n%s", seen + 1, machine)
        .that(lines.get(seen - 1).strip()).startsWith("if (w.length() < min)");
    assertWithMessage("line %s of\n%s", seen + 1, machine)
        .that(indent(lines.get(seen))).isGreaterThan(indent(lines.get(seen - 1)));
    // the jump, one line: "state = N; continue resume;"
    assertWithMessage("line %s of\n%s", seen + 2, machine)
        .that(lines.get(seen + 1).strip()).matches("state = \\d+; continue resume;");
    assertWithMessage("line %s of\n%s", seen + 2, machine)
        .that(indent(lines.get(seen + 1))).isEqualTo(indent(lines.get(seen)));
    assertWithMessage("line %s of\n%s", seen + 3, machine)
        .that(lines.get(seen + 2).strip()).isEqualTo("}");
  }

  private static int indent(String line) {
    return line.length() - line.stripLeading().length();
  }

  @Test
  void noWarningsEvenWithAllLints() {
    assertWithMessage(Harness.describe(compilation))
        .that(compilation.diagnostics().stream()
            .filter(d -> d.getKind() != Diagnostic.Kind.NOTE).count()).isEqualTo(0);
  }

  /**
   * What the generated code repeats of the user's code (raw types, a deprecated call, in the
   * user's statements and signature) raises no warning there: the user suppressed it at its own
   * lines, and the generated classes suppress what they mirror.
   */
  @Test
  void warningsTheUserSuppressedDoNotComeBackFromGeneratedCode() {
    Compilation c = strictly(JavaFileObjects.forSourceString("shop.Legacy", """
            package shop;

            import java.util.ArrayList;
            import java.util.List;
            import org.await4j.Async;
            import org.await4j.Task;
            import static org.await4j.Await.await;

            public class Legacy {
              @SuppressWarnings({"rawtypes", "unchecked", "deprecation", "removal"})
              @Async
              List names(List raw) {
                List copy = new ArrayList(raw);
                copy.add(new Integer(await(Task.completed(raw.size()))).toString());
                return copy;
              }
            }
            """));
    assertWithMessage(Harness.describe(c)).that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
  }

  @Test
  void stubsFollowTheSourceSignatures() {
    String twin = Harness.generated(compilation, "CatalogAsync");
    assertThat(twin).contains("@Generated(\"org.await4j.processor.AsyncProcessor\")");
    assertThat(twin).contains("public final class CatalogAsync {");
    assertThat(twin).contains("public static Task<String> page(Catalog self, URI uri) {");
    assertThat(twin).containsMatch("\n  static Task<Integer> totalSize\\(Catalog self, List<URI> uris\\)");
    assertThat(twin).contains("static Task<Void> touch(Catalog self, String self_) {");
    assertThat(twin).contains("protected static Task<Long> twice(long x) {");
    assertThat(twin).contains("Async twin of {@link Catalog#page(java.net.URI)}.");
  }

  @Test
  void nestedClassesGetAFlatTwinWithTheirTypeParameters() {
    String twin = Harness.generated(compilation, "Catalog_BoxAsync");
    assertThat(twin).contains(
        "public static <T, R> Task<R> map(Catalog.Box<T> self, Function<T, R> f) {");
  }

  @Test
  void everyStateCarriesItsSourceLine() {
    String machine = Harness.machine(compilation, "CatalogAsyncMachines", "totalSize");
    assertThat(Harness.generated(compilation, "CatalogAsyncMachines"))
        .contains("@Generated(\"org.await4j.processor.AsyncProcessor\")");
    assertThat(machine).contains("State machine of {@link Catalog#totalSize(java.util.List)}");
    Matcher cases = Pattern.compile("case (\\d+):(?: default:)?(?: \\{)?\n\\s*// (.*)\n").matcher(machine);
    int states = 0;
    while (cases.find()) {
      states++;
      assertThat(cases.group(2)).matches("line \\d+: .+|return through finally");
    }
    assertThat(states).isAtLeast(3);
    assertThat(machine).contains("// line 19: for (URI u : uris) total += page(u).length();");
    // the shared body calls the callee's own body on the caller's stack
    assertThat(machine).contains(" CatalogAsyncMachines.page.fast(loop$, self, u)");
  }

  @Test
  void everyStatementCarriesItsSourceLine() {
    String machine = Harness.generated(compilation, "CatalogAsyncMachines");
    // the state after the await starts at the await's line; the return names its own
    assertThat(machine).containsMatch(
        "// line 12: String body = await\\(Task.completed\\(uri.toString\\(\\)\\)\\);\n\\s*body = .*\n"
            + "\\s*// line 13: return body;\n");
  }

  @Test
  void eachWayOutOfASharedBodyIsOneStatement() {
    // a void method's body returns Void, so that a spill or a return is `return ...;` there too
    String touch = Harness.machine(compilation, "CatalogAsyncMachines", "touch");
    assertThat(touch).contains("private static Void body$(touch machine$");
    assertThat(touch).contains("if (!fastDone(awaited$)) return spill$(machine$, loop$, 1, ");
    assertThat(touch).contains("return returned(machine$, loop$, outer$, null);");
    assertThat(touch).doesNotContain("return;");
    // the spill hands back what resumeFromFast returns (a placeholder nobody reads)
    assertThat(touch)
        .contains("return into$.resumeFromFast(loop$, state$, awaited$, machine$ != null, outer$);");
  }

  @Test
  void aBodyThatBeginsWithTryBeginsInItsFirstState() {
    String guarded = Harness.machine(compilation, "CatalogAsyncMachines", "guarded");
    // no state that only sets the next one, which the try block would begin
    assertThat(guarded).doesNotContainMatch("state = \\d+;\n\\s*case \\d+:");
    assertThat(guarded).containsMatch("if \\(state == 0 \\|\\| state == 1\\) state = 2;");
  }
}
