package org.await4j.processor;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Java 14-17 forms around suspensions: switch expressions, yield, pattern variables. */
class ModernFormsTest {
  static final String SOURCE = """
      package modern;

      import java.util.List;
      import org.await4j.Async;
      import org.await4j.testing.Env;
      import static org.await4j.Await.await;

      public class Modern {
        final Env env;
        public Modern(Env env) { this.env = env; }

        enum Size { S, M, L }

        @Async String switchExpressions(int k) {
          String a = switch (await(env.task(k))) {
            case 0 -> "zero";
            case 1 -> await(env.task("one"));
            case 2, 3 -> {
              String t = await(env.task("two-three"));
              if (k == 3) yield t + "!";
              yield t;
            }
            default -> throw new IllegalStateException("k=" + k);
          };
          int b = switch (k) {
            case 0:
              env.log("fall");
            case 1:
              yield await(env.task(10)) + k;
            default: {
              int x = await(env.task(k * 100));
              yield x;
            }
          };
          Size size = k % 3 == 0 ? Size.S : k % 3 == 1 ? Size.M : Size.L;
          int c = switch (size) {
            case S -> 1;
            case M -> await(env.task(2));
            case L -> 3;
          };
          return a + b + c + switch (await(env.task("x"))) { case "x" -> "X"; default -> "?"; };
        }

        @Async String patterns(Object o) {
          if (o instanceof String s && await(env.task(s.length())) > 2) {
            env.log("long string", s);
            String t = await(env.task(s.toUpperCase()));
            return t + s;
          }
          if (!(o instanceof Integer i)) {
            env.log("not an int");
            return "other " + await(env.task(o));
          }
          int doubled = await(env.task(i * 2));
          return "int " + i + " " + doubled;
        }

        @Async String localTypes(int n) {
          int base = await(env.task(n));
          record Pair(String name, int value) {}
          enum Level { LOW, HIGH }
          interface Namer { String name(int i); }
          class Counter implements Namer {
            int count = base;
            public String name(int i) { return "c" + (count += i); }
          }
          Counter c = new Counter();
          Pair p = new Pair(c.name(await(env.task(2))), base);
          Namer namer = c;
          Level level = await(env.task(p.value())) > 2 ? Level.HIGH : Level.LOW;
          return p + " " + namer.name(1) + " " + level + " " + c.count;
        }

        // a lambda, a method reference and an anonymous class's diamond where a generic method
        // takes its type variable: javac infers it from the await's target (round 18: javac
        // errors in the generated code, which had no such target)
        @Async String targetTypedArguments(int n) {
          java.util.function.Function<String, Integer> f = await(later(s -> s.length() * n));
          int k = await(env.task(n)); // (the test's log prints values: no lambdas through it)
          java.util.function.Function<String, Integer> g = await(later(f::apply));
          java.util.Comparator<String> c = await(later(new java.util.Comparator<>() {
            public int compare(String a, String b) { return a.length() - b.length(); }
          }));
          java.util.function.Function<String, Integer> h = echo(s -> s.length() + k);
          return f.apply("abc") + " " + g.apply("xy") + " " + c.compare("aaa", "b") + " "
              + h.apply("z");
        }

        static <T> java.util.concurrent.CompletableFuture<T> later(T value) {
          return java.util.concurrent.CompletableFuture.completedFuture(value);
        }

        @Async <T> T echo(T value) {
          await(env.task(1));
          return await(later(value));
        }

        // a resource whose close() is @Async: try-with-resources awaits it (round 18: it ran as
        // plain code, whose await failed on the loop)
        static class Conn implements AutoCloseable {
          final Env env;
          final StringBuilder log;
          Conn(Env env, StringBuilder log) { this.env = env; this.log = log; }
          @Async public void close() { log.append("closed ").append(await(env.task(7))); }
        }

        @Async String asyncClose(int n) {
          StringBuilder log = new StringBuilder();
          int kept = n * 2;
          try (Conn c = new Conn(env, log)) {
            log.append("body ").append(n).append("; ");
          }
          try (Conn c = new Conn(env, log)) {
            log.append("; then ").append(await(env.task(kept))).append("; ");
            if (n > 3) throw new IllegalStateException("big " + kept);
          }
          return log.append("; after ").append(kept).toString();
        }

        // local classes named as classes the generated code names (round 18: javac errors there)
        @Async String localTypesNamedLikeOthers(int n) {
          class EventLoop { int ticks; int tick() { return ++ticks; } }
          class Object { int n = 1; }
          class Throwable { int t = 2; }
          class Override { int o = 4; }
          EventLoop sim = new EventLoop();
          int start = await(env.task(n));
          for (int i = 0; i < start; i++) sim.tick();
          try {
            if (await(env.task(start)) > 3) throw new IllegalStateException("big");
          } catch (RuntimeException e) {
            sim.tick();
          }
          return sim.ticks + " " + (new Object().n + new Throwable().t + new Override().o);
        }

        @Async String localClassesInALoop(List<String> names) {
          List<java.util.function.Supplier<String>> made = new java.util.ArrayList<>();
          int round = 0;
          for (String name : names) {
            int len = await(env.task(name.length()));
            final int r = round++;
            // a header with braces before the body's: an annotation's array, a comment
            @SuppressWarnings({"unused"}) class Greeting /* { */ implements java.util.function.Supplier<String> // {
            {
              final int extra = len * 10;
              public String get() { return name + "/" + len + "/" + extra + "/" + r; }
              Greeting again() { return new Greeting(); }
            }
            made.add(new Greeting());
            made.add(new Greeting().again());
            env.log("made", name);
          }
          StringBuilder out = new StringBuilder();
          for (java.util.function.Supplier<String> g : made) out.append(g.get()).append(' ');
          return out.toString();
        }

        @Async String asserts(int n) {
          assert await(env.task(n)) >= 0 : "negative " + await(env.task(n));
          int m = await(env.task(n + 1));
          assert m > 1 : m;
          for (int i = 0; i < 2; i++) {
            assert i < n;
          }
          return "ok " + m;
        }

        @Async int patternsInLoops(List<Object> items) {
          int sum = 0;
          for (Object o : items) {
            if (o instanceof Integer n) {
              sum += await(env.task(n));
              sum += n;
            } else if (o instanceof String s) {
              sum += s.length() + await(env.task(1));
            }
          }
          return sum;
        }
      }
      """;

  static ClassLoader loader;

  @BeforeAll
  static void compile() {
    loader = Harness.compileAndLoad("modern.Modern", SOURCE);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4, 5})
  void switchExpressions(int k) {
    Differential.check(loader, "modern.Modern", "switchExpressions", k);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ab", "abc", "7", "x"})
  void patterns(String kind) {
    Object o = kind.equals("7") ? (Object) 7 : kind.equals("x") ? (Object) 2.5 : kind;
    Differential.check(loader, "modern.Modern", "patterns", o);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 5})
  void localTypesDeclaredInABodyThatSuspends(int n) {
    Differential.check(loader, "modern.Modern", "localTypes", n);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 5})
  void lambdasWhereAGenericMethodTakesItsTypeVariable(int n) {
    Differential.check(loader, "modern.Modern", "targetTypedArguments", n);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 5})
  void anAsyncCloseIsAwaitedByTryWithResources(int n) {
    Differential.check(loader, "modern.Modern", "asyncClose", n);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 5})
  void localTypesNamedAsClassesTheGeneratedCodeNames(int n) {
    Differential.check(loader, "modern.Modern", "localTypesNamedLikeOthers", n);
  }

  /**
   * A local class moved into the machine keeps, in each instance, the values its captured locals
   * had when it was made, as Java does (it read the machine's fields when called: every instance
   * saw the last round's values).
   */
  @Test
  void localClassesInALoopKeepTheValuesOfTheirRound() {
    Differential.check(loader, "modern.Modern", "localClassesInALoop",
        java.util.List.of("ann", "bo", "carla"));
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 0, 1, 5})
  void assertsFollowTheSourceClass(int n) {
    Differential.check(loader, "modern.Modern", "asserts", n);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 3})
  void patternsInLoops(int n) {
    java.util.List<Object> items = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add(i);
      items.add("s" + i);
    }
    Differential.check(loader, "modern.Modern", "patternsInLoops", items);
  }
}
