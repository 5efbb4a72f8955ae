package org.await4j.processor;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every supported shape, run blocking and as a state machine, with futures that are complete
 * and futures that complete later on another thread: same result, trace and exception.
 */
class DifferentialTest {
  static final String SHAPES = """
      package shapes;

      import java.io.IOException;
      import java.util.ArrayList;
      import java.util.List;
      import java.util.function.Supplier;
      import org.await4j.Async;
      import org.await4j.Task;
      import org.await4j.testing.Env;
      import static org.await4j.Await.await;

      public class Shapes {
        final Env env;
        int counter;
        static int shared;
        int[] cells = {1, 2, 3};
        String name = "shapes";

        public Shapes(Env env) { this.env = env; }

        @Async int sequence() {
          int a = await(env.task(1));
          env.log("after a");
          int b = await(env.stage(2));
          var c = a + b;
          env.log("c", c);
          return c * await(env.task(10));
        }

        @Async String positions() {
          String s = env.log("first", "x") + await(env.task("y")) + env.log("third", "z");
          s = await(env.task("<")) + s;
          env.log("s", s);
          counter = await(env.task(7));
          return String.join(",", s, String.valueOf(counter), join(await(env.task("p")), env.log("q", "q")));
        }

        String join(String a, String b) { return a + "+" + b; }

        // operands that no assignment changes are read after the await, not copied before it
        @Async String stableOperands(boolean nulls) {
          List<String> log = nulls ? null : new ArrayList<>();
          Integer boxed = nulls ? null : 3;
          int[] cells = {1, 2};
          String out = "";
          try {
            for (String s : List.of("a", "b")) {
              out = out + s + await(env.task(s)) + s.length();
            }
            cells[await(env.task(1))] = cells.length + await(env.task(5));
            try {
              throw new IllegalStateException("caught");
            } catch (IllegalStateException e) {
              out = e.getMessage() + await(env.task(":")) + out + e.getMessage().length();
            }
            String tag = "t" + out.length();
            out = tag + await(env.task("u")); // tag's one read, after the await
            int r = boxed + await(env.task(4)); // a null unboxes, and throws, before the await
            env.log("r", r);
            log.add(await(env.task("y")) + r); // a null receiver throws after the await
            return out + cells[1] + String.join(",", log) + await(env.task("!")) + log.size();
          } catch (NullPointerException e) {
            env.log("npe");
            return out + "npe";
          }
        }

        @Async String dollarNames(int loop$) { // the names of the generated code's own locals
          int failure$ = loop$ + 1;
          String state$ = "s" + await(env.task(failure$));
          String into$ = state$ + await(env.task("i"));
          int x$y = await(env.task(loop$)) + into$.length();
          return state$ + into$ + x$y + failure$;
        }

        @Async int operandOrder() {
          int x = 1;
          int r = env.log("l", x) + (x = await(env.task(5))) * env.log("r", x);
          return r - await(env.task(1)) / env.log("d", 1);
        }

        @Async int branches(int n) {
          int r = 0;
          if (await(env.task(n > 2))) {
            r += await(env.task(100));
          } else if (n == 1) {
            r = await(env.task(1));
          } else {
            env.log("else");
          }
          if (n > 0) r++;
          return r;
        }

        @Async int loops(int n) {
          int sum = 0;
          int i = 0;
          while (i < n) {
            sum += await(env.task(i));
            i++;
          }
          do {
            i = i - await(env.task(2));
            env.log("i", i);
          } while (i > 0);
          for (int j = 0, k = 10; j < n; j++, k--) {
            if (j == 1) continue;
            sum = sum * 2 + await(env.task(k));
          }
          for (int j = 0; ; j++) {
            if (await(env.task(j)) >= 2) break;
          }
          return sum;
        }

        @Async String forEach(List<String> items, int[] numbers) {
          StringBuilder sb = new StringBuilder();
          for (String item : items) {
            sb.append(await(env.task(item)));
          }
          for (int n : numbers) {
            if (n < 0) continue;
            sb.append(await(env.stage(n)));
          }
          for (var item : await(env.task(items))) {
            sb.append(item.length());
          }
          return sb.toString();
        }

        @Async String labelled() {
          StringBuilder sb = new StringBuilder();
          outer:
          for (int i = 0; i < 4; i++) {
            inner:
            for (int j = 0; j < 4; j++) {
              sb.append(await(env.task(i * 10 + j))).append(' ');
              if (j == i) continue outer;
              if (i == 3) break outer;
              if (j > 5) break inner;
            }
          }
          block: {
            if (await(env.task(true))) break block;
            sb.append("never");
          }
          return sb.toString();
        }

        @Async int earlyReturn(int n) {
          for (int i = 0; i < 10; i++) {
            if (await(env.task(i)) == n) return i * 100;
          }
          return -1;
        }

        @Async String exceptions(int which) throws IOException {
          try {
            env.log("try");
            if (which == 0) await(env.failing(new IllegalArgumentException("bad")));
            if (which == 1) throw new IOException("io");
            if (which == 2) await(env.failing(new IOException("async io")));
            if (which == 3) await(env.failing(new UnsupportedOperationException("uncaught")));
            env.log("try end");
          } catch (IllegalArgumentException | IllegalStateException e) {
            env.log("caught " + e.getMessage());
            return "arg:" + await(env.task(e.getMessage()));
          } catch (IOException e) {
            env.log("io " + e.getMessage());
            if (which == 2) throw new IOException("rethrown " + await(env.task(e.getMessage())));
          } finally {
            env.log("finally " + await(env.task(which)));
          }
          return "done";
        }

        @Async int nestedFinally(int mode) {
          int r = 0;
          for (int i = 0; i < 3; i++) {
            try {
              try {
                r += await(env.task(1));
                if (mode == 0 && i == 1) return r;
                if (mode == 1 && i == 1) break;
                if (mode == 2 && i == 0) continue;
                if (mode == 3) throw new IllegalStateException("t" + i);
              } finally {
                env.log("inner " + i + " " + await(env.task(r)));
              }
              env.log("between " + i);
            } finally {
              env.log("outer " + i);
              r += await(env.task(10));
            }
          }
          return r;
        }

        @Async int finallyOverrides(boolean throwInFinally) {
          try {
            return await(env.task(1));
          } finally {
            env.log("cleanup");
            if (throwInFinally) throw new IllegalStateException("from finally " + await(env.task(2)));
          }
        }

        @Async int finallyReturns() {
          try {
            await(env.failing(new IllegalStateException("lost")));
            return 1;
          } finally {
            return await(env.task(2));
          }
        }

        @Async void voidMethod(List<String> out) {
          out.add(await(env.task("a")));
          if (out.size() > 5) return;
          out.add("b");
          env.log("out", out);
        }

        @Async String callsVoid() {
          List<String> out = new ArrayList<>();
          voidMethod(out);
          voidMethod(out);
          return out.toString();
        }

        @Async int recursion(int n) {
          if (n <= 1) return await(env.task(1));
          return n * recursion(n - 1);
        }

        @Async static <T extends Comparable<T>> T max(Env env, List<T> items) {
          T best = null;
          for (T item : items) {
            T v = await(env.task(item));
            if (best == null || v.compareTo(best) > 0) best = v;
          }
          return best;
        }

        @Async String generic() {
          Integer i = max(env, List.of(3, 9, 2));
          String s = max(env, List.of("b", "a"));
          return i + s;
        }

        @Async boolean shortCircuit(boolean a) {
          boolean r = a && await(env.task(true));
          boolean s = a || await(env.task(false));
          int t = a ? await(env.task(1)) : await(env.task(2));
          int u = await(env.task(a)) ? 3 : 4;
          env.log("rstu", r + " " + s + " " + t + " " + u);
          return r || (s && t > 0);
        }

        @Async int compound() {
          int x = 5;
          x += await(env.task(3));
          counter = 1;
          counter *= await(env.task(4));
          shared = 2;
          shared -= await(env.task(1));
          int[] a = {10, 20, 30};
          int i = 0;
          a[i++] += await(env.task(5));
          a[await(env.task(2))]++;
          cells[await(env.task(0))] = await(env.task(9));
          String s = "s";
          s += await(env.task("t"));
          char c = 'a';
          c += await(env.task(1));
          env.log("all", x + " " + counter + " " + shared + " " + a[0] + " " + a[2] + " " + cells[0] + " " + s + c + i);
          return x + counter + shared + a[0] + a[1] + a[2];
        }

        @Async String constructions() {
          List<String> list = new ArrayList<>(await(env.task(List.of("a", "b"))));
          int[] arr = new int[await(env.task(2))];
          int[] init = {await(env.task(4)), 5};
          String[][] grid = new String[][] {{await(env.task("g"))}};
          Object o = await(env.task((Object) "str"));
          String cast = (String) o;
          Supplier<String> sup = () -> cast + list.size();
          return list + " " + arr.length + init[0] + grid[0][0] + cast.length() + sup.get()
              + (o instanceof String);
        }

        @Async String lambdasAroundSuspensions() {
          List<Supplier<String>> suppliers = new ArrayList<>();
          String prefix = await(env.task("p"));
          for (int i = 0; i < 3; i++) {
            String v = await(env.task("v" + i));
            suppliers.add(() -> prefix + v);
          }
          StringBuilder sb = new StringBuilder();
          for (Supplier<String> s : suppliers) sb.append(s.get());
          return sb.toString();
        }

        // a method reference whose receiver awaits: computed once, where the reference is made
        @Async String referenceOnAnAwaitedReceiver() {
          Supplier<String> first = await(env.task("ab"))::toUpperCase;
          String log = env.log("between", 1) + "";
          Supplier<Integer> second = new StringBuilder(await(env.task("xyz")))::length;
          return first.get() + first.get() + log + second.get();
        }

        @Async int otherClass() {
          Helper h = new Helper(env);
          return h.twice(await(env.task(4))) + Helper.plusOne(env, 1);
        }

        @Async String throwsChecked(boolean fail) throws Exception {
          if (fail) throw new Exception("checked " + await(env.task(1)));
          return "ok";
        }

        @Async int stages() {
          int a = await(env.stage(1));
          Task<Integer> t = env.task(2);
          Task<Integer> started = recursion(3) > 0 ? env.task(5) : env.task(6);
          return a + await(t) + await(started);
        }

        @Async String names() {
          String self = "mine";
          String state = await(env.task("s"));
          int failure = 1;
          return self + state + failure + name;
        }

        @Async String switches(int k) {
          StringBuilder sb = new StringBuilder();
          switch (await(env.task(k))) {
            case 0:
              sb.append("zero");
            case 1:
              sb.append(await(env.task("one")));
              break;
            case 2, 3:
              sb.append("two-three");
              if (k == 3) break;
              sb.append(await(env.task("!")));
            default:
              sb.append("default");
          }
          switch (k) {
            case 4 -> sb.append(await(env.task("four")));
            case 1 -> {
              sb.append("rule");
              if (await(env.task(true))) break;
              sb.append("never");
            }
            default -> sb.append('.');
          }
          for (int i = 0; i < 3; i++) {
            switch (i) {
              case 1: continue;
              default: sb.append(await(env.task(i)));
            }
          }
          // no case matches for most k: the switch's state, entered from the await's without
          // setting state, must still tell that no case ran
          int r = await(env.task(k));
          switch (r) {
            case 1 -> sb.append(await(env.task("r1")));
            case 2 -> sb.append("r2");
          }
          return sb.append('|').toString();
        }

        @Async String switchOnStringsAndEnums(String s, Color c) {
          String r;
          switch (s) {
            case "a": r = await(env.task("A")); break;
            case "b": r = "B"; break;
            default: r = await(env.task("?"));
          }
          switch (c) {
            case RED: r += await(env.task("red")); break;
            case GREEN: return r + "green";
            default: r += c;
          }
          return r;
        }

        @Async String resources(int mode) throws IOException {
          try (Res a = new Res(env, "a", mode == 1); Res b = new Res(env, await(env.task("b")), mode == 2)) {
            env.log("body " + a.use() + b.use());
            if (mode == 3) throw new IllegalStateException("body");
            if (mode == 4) return await(env.task("early"));
            await(env.task(0));
          } catch (IllegalStateException e) {
            env.log("caught " + e.getMessage() + " suppressed " + e.getSuppressed().length);
          } finally {
            env.log("finally " + await(env.task(mode)));
          }
          Res kept = new Res(env, "kept", mode == 5);
          try (kept) {
            env.log("using " + await(env.task(kept.use())));
          }
          return "done";
        }

        final Object lock = new Object();

        @Async String shadowsAndOthers(Shapes other) {
          String name = await(env.task("local"));        // shadows the field 'name'
          int counter = this.counter + await(env.task(1)); // and 'counter'
          other.counter += await(env.task(5));
          other.cells[await(env.task(1))] *= await(env.task(3));
          synchronized (lock) {
            this.counter++;
            env.log("locked", this.counter);
          }
          @SuppressWarnings("unchecked")
          List<String>[] lists = new List[] {List.of(await(env.task("g")))};
          return name + this.name + counter + other.counter + other.cells[1] + lists[0];
        }

        @Async String siblingScopes() {
          String r = "";
          {
            int x = await(env.task(1));
            r += x;
          }
          {
            String x = await(env.task("two"));
            r += x;
          }
          return r;
        }
      }

      enum Color { RED, GREEN, BLUE }

      class Res implements AutoCloseable {
        final Env env;
        final String name;
        final boolean failOnClose;
        Res(Env env, String name, boolean failOnClose) {
          this.env = env; this.name = name; this.failOnClose = failOnClose;
          env.log("open " + name);
        }
        String use() { env.log("use " + name); return name; }
        @Override public void close() throws IOException {
          env.log("close " + name);
          if (failOnClose) throw new IOException("close " + name);
        }
      }

      class Helper {
        final Env env;
        Helper(Env env) { this.env = env; }
        @Async int twice(int x) { return 2 * await(env.task(x)); }
        @Async static int plusOne(Env env, int x) { return await(env.task(x)) + 1; }
      }
      """;

  static ClassLoader loader;

  @BeforeAll
  static void compile() {
    loader = Harness.compileAndLoad("shapes.Shapes", SHAPES);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sequence", "positions", "operandOrder", "labelled", "callsVoid",
      "generic", "compound", "constructions", "lambdasAroundSuspensions", "referenceOnAnAwaitedReceiver", "otherClass",
      "stages", "names", "siblingScopes", "finallyReturns"})
  void noArguments(String method) {
    Differential.check(loader, "shapes.Shapes", method);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4})
  void withAnInt(int n) {
    for (String method : List.of("branches", "loops", "earlyReturn", "exceptions",
        "nestedFinally", "recursion", "switches", "dollarNames")) {
      Differential.check(loader, "shapes.Shapes", method, n);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void withABoolean(boolean b) {
    for (String method : List.of("finallyOverrides", "shortCircuit", "throwsChecked",
        "stableOperands")) {
      Differential.check(loader, "shapes.Shapes", method, b);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4, 5})
  void tryWithResources(int mode) {
    Differential.check(loader, "shapes.Shapes", "resources", mode);
  }

  @Test
  void switchesOnStringsAndEnums() throws Exception {
    Class<?> color = loader.loadClass("shapes.Color");
    for (Object c : color.getEnumConstants()) {
      for (String s : List.of("a", "b", "z")) {
        Differential.check(loader, "shapes.Shapes", "switchOnStringsAndEnums", s, c);
      }
    }
  }

  @Test
  void shadowedFieldsOtherObjectsAndSynchronized() throws Exception {
    for (org.await4j.testing.Env.Mode mode : org.await4j.testing.Env.Mode.values()) {
      Class<?> c = loader.loadClass("shapes.Shapes");
      var blocking = Differential.blocking(loader, "shapes.Shapes", "shadowsAndOthers", mode,
          c.getConstructor(org.await4j.testing.Env.class)
              .newInstance(new org.await4j.testing.Env(mode)));
      var machine = Differential.onLoop(loader, "shapes.Shapes", "shadowsAndOthers", mode,
          c.getConstructor(org.await4j.testing.Env.class)
              .newInstance(new org.await4j.testing.Env(mode)));
      machine.assertSameAs(blocking, "shadowsAndOthers " + mode);
    }
  }

  @Test
  void forEachOverIterablesAndArrays() {
    Differential.check(loader, "shapes.Shapes", "forEach", List.of("a", "bc"), new int[] {1, -2, 3});
  }

  @Test
  void fromAPlainThreadTheDefaultLoopRunsIt() {
    Differential.checkFromPlainThread(loader, "shapes.Shapes", "nestedFinally", 0);
    Differential.checkFromPlainThread(loader, "shapes.Shapes", "exceptions", 2);
  }
}
