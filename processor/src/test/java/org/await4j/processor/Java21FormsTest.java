package org.await4j.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Java 21 pattern forms, where the compiling JDK accepts them (it does under JDK 25). */
@EnabledForJreRange(min = JRE.JAVA_21)
class Java21FormsTest {
  static final String SOURCE = """
      package modern;

      import org.await4j.Async;
      import org.await4j.testing.Env;
      import static org.await4j.Await.await;

      public class Patterns {
        final Env env;
        public Patterns(Env env) { this.env = env; }

        sealed interface Shape permits Circle, Square, Rect {}
        record Circle(int r) implements Shape {}
        record Square(int side) implements Shape {}
        record Rect(int w, int h) implements Shape {}

        static Shape make(int k) {
          return switch (k % 4) {
            case 0 -> new Circle(k);
            case 1 -> new Square(k);
            case 2 -> new Rect(k, k + 1);
            default -> new Rect(k, 0);
          };
        }

        @Async String describe(int k) {
          Shape s = make(await(env.task(k)));
          String kind = switch (s) {
            case Circle c when c.r() > 3 -> "big circle " + await(env.task(c.r()));
            case Circle c -> "circle " + c.r();
            case Square(int side) -> {
              int area = await(env.task(side * side));
              yield "square " + area + " " + side;
            }
            case Rect(int w, int h) when h == 0 -> "flat " + w;
            case Rect(var w, var h) -> "rect " + await(env.task(w * h)) + " " + w + "x" + h;
          };
          if (s instanceof Rect(int w, int h) && await(env.task(w)) > 1) {
            kind += " wide " + await(env.task(h)) + " " + w;
          }
          switch (await(env.task((Object) kind))) {
            case String str when str.startsWith("big") -> env.log("big", str);
            case String str -> env.log("other " + await(env.task(str.length())));
            default -> env.log("impossible");
          }
          return kind;
        }
      }
      """;

  static ClassLoader loader;

  @BeforeAll
  static void compile() {
    loader = Harness.compileAndLoad("modern.Patterns", SOURCE);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8})
  void patternSwitchesRecordPatternsAndGuards(int k) {
    Differential.check(loader, "modern.Patterns", "describe", k);
  }

  @Test
  void aSuspensionInAGuardIsAClearError() {
    ExpectedErrors.check("modern.Guard", """
        package modern;

        import org.await4j.Async;
        import org.await4j.Task;
        import static org.await4j.Await.await;

        class Guard {
          @Async String m(Object o, Task<Integer> t) {
            return switch (o) {
              // ERROR: a suspension point in a case label or guard
              case String s when s.length() > await(t) -> s;
              default -> "other";
            };
          }
        }
        """);
  }
}
