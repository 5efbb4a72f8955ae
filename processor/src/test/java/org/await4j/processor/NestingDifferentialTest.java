package org.await4j.processor;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** @Async methods in nested, inner and generic classes, interfaces, enums and records. */
class NestingDifferentialTest {
  static final String SOURCE = """
      package nest;

      import java.util.ArrayList;
      import java.util.List;
      import org.await4j.Async;
      import org.await4j.Task;
      import org.await4j.testing.Env;
      import static org.await4j.Await.await;

      public class Outer {
        final Env env;
        static int counter = 5;
        public Outer(Env env) { this.env = env; }

        class Inner {
          int own = 3;
          int plus(int x) { return x + own; }
        }

        static class Nested {
          static int twice(int x) { return 2 * x; }
        }

        static class Box<T extends Comparable<T>> {
          final List<T> items = new ArrayList<>();
          @Async T maxOf(Env env, List<? extends T> more) {
            for (T t : more) items.add(await(env.task(t)));
            T best = items.get(0);
            for (T t : items) if (t.compareTo(best) > 0) best = t;
            return best;
          }
        }

        interface Greeter {
          String name();
          @Async default String greet(Env env) { return "hi " + await(env.task(name())); }
          @Async static int size(Env env, String s) { return await(env.task(s.length())); }
        }

        enum Op {
          ADD { int apply(int a, int b) { return a + b; } },
          MUL { int apply(int a, int b) { return a * b; } };
          abstract int apply(int a, int b);
          @Async int applyLater(Env env, int a, int b) { return apply(await(env.task(a)), b); }
        }

        record Point(int x, int y) {
          @Async int sum(Env env) { return x + await(env.task(y)); }
        }

        @Async String everything(String... words) {
          Inner in = new Inner();
          int a = in.plus(await(env.task(1)));
          int b = Nested.twice(await(env.task(counter)));
          Box<String> box = new Box<>();
          String max = box.maxOf(env, List.of("pear", "apple", "zebra"));
          Greeter g = () -> "bob";
          String greeting = g.greet(env) + Greeter.size(env, "four");
          int op = Op.MUL.applyLater(env, 6, 7);
          int p = new Point(1, 2).sum(env);
          return a + " " + b + " " + max + " " + greeting + " " + op + " " + p + " " + words.length;
        }
      }
      """;

  static ClassLoader loader;

  @BeforeAll
  static void compile() {
    loader = Harness.compileAndLoad("nest.Outer", SOURCE);
  }

  @Test
  void nestedGenericInterfaceEnumAndRecordMethods() {
    Differential.check(loader, "nest.Outer", "everything", (Object) new String[] {"a", "b"});
  }

  @Test
  void aClassInTheDefaultPackage() {
    ClassLoader l = Harness.compileAndLoad("Plain", """
        import org.await4j.Async;
        import org.await4j.testing.Env;
        import static org.await4j.Await.await;

        public class Plain {
          final Env env;
          public Plain(Env env) { this.env = env; }
          @Async int run() { return await(env.task(41)) + 1; }
        }
        """);
    Differential.check(l, "Plain", "run");
  }
}
