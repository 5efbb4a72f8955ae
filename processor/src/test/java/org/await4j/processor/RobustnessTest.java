package org.await4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.util.Locale;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * javac's traps and hostile input: the processor never crashes and never leaves javac's cryptic
 * errors; broken code elsewhere gets only javac's ordinary diagnostics.
 */
class RobustnessTest {
  private static final String ENV_CASE = """
      package rounds;

      import org.await4j.Async;
      import org.await4j.Task;
      import org.await4j.testing.Env;
      import static org.await4j.Await.await;

      public class Rounds {
        final Env env;
        public Rounds(Env env) { this.env = env; }
      """;

  @Test
  void varOfATwinNotGeneratedYetIsDeferredAndWorks() {
    ClassLoader loader = Harness.compileAndLoad("rounds.Rounds", ENV_CASE + """
          @Async int inner() { return await(env.task(20)); }

          @Async int outer() {
            var t = RoundsAsync.inner(this);
            var u = await(t);
            return u + 1;
          }

          int plain() {
            var t = RoundsAsync.inner(this);
            return t.isDone() ? 1 : 0;
          }
        }
        """);
    Differential.check(loader, "rounds.Rounds", "outer");
  }

  @Test
  void aSyntaxErrorElsewhereGetsOnlyJavacsDiagnostic() {
    Compilation c = Compiler.javac().withProcessors(new AsyncProcessor()).compile(
        JavaFileObjects.forSourceString("rounds.Rounds", ENV_CASE + """
              @Async int fine() { return await(env.task(1)); }
            }
            """),
        JavaFileObjects.forSourceString("rounds.Broken", """
            package rounds;
            class Broken { void m() { int x = ; } }
            """));
    assertOnlyJavacErrors(c);
    assertWithMessage(Harness.describe(c)).that(Harness.hasErrors(c)).isTrue();
  }

  @Test
  void aMissingTypeInTheBodyGetsOnlyJavacsDiagnostic() {
    Compilation c = Harness.compile("rounds.Rounds", ENV_CASE + """
          @Async int usesMissing() {
            Missing m = await(env.task(null));
            return m.size();
          }
          @Async int alsoMissing() {
            var m = MissingToo.make();
            return await(env.task(1)) + m;
          }
        }
        """);
    assertOnlyJavacErrors(c);
    assertWithMessage(Harness.describe(c)).that(Harness.hasErrors(c)).isTrue();
  }

  @Test
  void aLongMethodAndDeepNestingCompileAndRun() {
    StringBuilder body = new StringBuilder("  @Async int longMethod() {\n    int s = 0;\n");
    for (int i = 0; i < 1000; i++) { // 2,000 statements: resume() must be split in parts
      body.append("    s += await(env.task(").append(i).append("));\n");
      body.append("    if (s % 7 == 0) env.log(\"s\", s);\n");
    }
    body.append("    return s;\n  }\n");
    body.append("  @Async int deep(int n) {\n    int s = 0;\n");
    StringBuilder close = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      body.append("    if (n > ").append(i).append(") {\n");
      body.append("    s += await(env.task(").append(i).append("));\n");
      close.append("    }\n");
    }
    body.append(close).append("    return s;\n  }\n}\n");
    ClassLoader loader = Harness.compileAndLoad("rounds.Rounds", ENV_CASE + body);
    Differential.check(loader, "rounds.Rounds", "longMethod");
    Differential.check(loader, "rounds.Rounds", "deep", 40);
  }

  @Test
  @SuppressWarnings("unchecked")
  void aMillionAwaitsOfCompletedTasksRunInConstantStackDepth() throws Exception {
    ClassLoader loader = Harness.compileAndLoad("rounds.Rounds", ENV_CASE + """
          @Async long many(int n) {
            long sum = 0;
            for (int i = 0; i < n; i++) sum += await(Task.completed(i));
            return sum;
          }
        }
        """);
    Object self = loader.loadClass("rounds.Rounds").getConstructor(org.await4j.testing.Env.class)
        .newInstance(new org.await4j.testing.Env(org.await4j.testing.Env.Mode.NOW));
    java.lang.reflect.Method stub = loader.loadClass("rounds.RoundsAsync")
        .getDeclaredMethod("many", self.getClass(), int.class);
    stub.setAccessible(true);
    Object[] result = new Object[1];
    Thread small = new Thread(null, () -> result[0] = org.await4j.EventLoop.run(() -> {
      try {
        return (org.await4j.Task<Object>) stub.invoke(null, self, 1_000_000);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }), "small-stack", 256 * 1024);
    small.start();
    small.join();
    assertThat(result[0]).isEqualTo(499_999_500_000L);
  }

  private static void assertOnlyJavacErrors(Compilation c) {
    for (Diagnostic<?> d : c.diagnostics()) {
      assertWithMessage(Harness.describe(c)).that(d.getMessage(Locale.ROOT))
          .doesNotContain("[await4j:Internal]");
      assertThat(d.getMessage(Locale.ROOT)).doesNotContain("Exception");
    }
  }
}
