package org.await4j.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Shapes users write keep the shared body, the fast path that makes no task when nothing waits:
 * none falls back to a machine alone (issue 10's "no performance cliffs"). Each also runs
 * blocking and as a machine with the same outcome.
 */
class SharedBodyTest {
  static final String SOURCE = """
      package fast;

      import org.await4j.Async;
      import org.await4j.testing.Env;
      import static org.await4j.Await.await;

      public class Shapes {
        final Env env;

        public Shapes(Env env) { this.env = env; }

        /** Two loops with their own i: one waits, one stays a Java loop. */
        @Async int twoLoops(int n) {
          int total = 0;
          for (int i = 0; i < n; i++) {
            total += await(env.task(i));
          }
          for (int i = 0; i < n; i++) {
            total += i;
          }
          env.log("total", total);
          return total;
        }

        /** A pattern variable read after an await. */
        @Async String pattern(Object o) {
          if (o instanceof String s && !s.isEmpty()) {
            int n = await(env.task(s.length()));
            return s + ":" + n;
          }
          return "other";
        }

        /** A pattern variable that flow scoping brings into the statements after the if. */
        @Async int guard(Object o) {
          if (!(o instanceof Integer i)) {
            return -1;
          }
          int j = await(env.task(1));
          env.log("i", i);
          return i + j;
        }

        static final class Res implements AutoCloseable {
          final Env env;
          final String name;

          Res(Env env, String name) {
            this.env = env;
            this.name = name;
          }

          @Override
          public void close() {
            env.log("close", name);
          }
        }

        /** Resources named by locals, one of them a name the method declares twice (a_). */
        @Async int resources(int p) {
          try {
            int k = await(env.task(p));
            Res a = new Res(env, "a" + k);
            Res b = new Res(env, "b");
            try (a; b) {
              env.log("body", k);
            }
          } catch (IllegalStateException e) {
            int a = -1;
            return a;
          }
          return 0;
        }

        /** The same name in sibling blocks, each kept across an await. */
        @Async int siblings(boolean b) {
          if (b) {
            int x = await(env.task(1));
            env.log("x", x);
          } else {
            int x = await(env.task(2));
            env.log("x", x);
          }
          return 0;
        }
      }
      """;

  static Compilation compilation;
  static ClassLoader loader;

  @BeforeAll
  static void compile() {
    compilation = Compiler.javac().withProcessors(new AsyncProcessor())
        .withOptions("-Xlint:all,-processing", "-Werror")
        .compile(JavaFileObjects.forSourceString("fast.Shapes", SOURCE));
    assertWithMessage(Harness.describe(compilation))
        .that(compilation.status()).isEqualTo(Compilation.Status.SUCCESS);
    loader = Harness.compileAndLoad("fast.Shapes", SOURCE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"twoLoops", "pattern", "guard", "siblings", "resources"})
  void hasASharedBody(String method) {
    String machine = Harness.machine(compilation, "ShapesAsyncMachines", method);
    assertWithMessage(machine).that(machine).contains(" body$(");
    assertWithMessage(machine).that(machine).containsMatch("\\n    static \\S+ fast\\(");
  }

  @ParameterizedTest
  @ValueSource(strings = {"twoLoops", "pattern", "guard", "siblings", "resources"})
  void agreesWithTheBlockingRun(String method) {
    Object[][] inputs = switch (method) {
      case "twoLoops", "resources" -> new Object[][] {{0}, {4}};
      case "pattern", "guard" -> new Object[][] {{"abc"}, {""}, {41}, {null}};
      default -> new Object[][] {{true}, {false}};
    };
    for (Object[] args : inputs) {
      Differential.check(loader, "fast.Shapes", method, args);
    }
  }
}
