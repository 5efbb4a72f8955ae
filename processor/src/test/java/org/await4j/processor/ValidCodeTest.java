package org.await4j.processor;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Families of valid code, found outside this repository, that once broke the build or changed
 * the result: each body runs blocking and as a machine (fast path with done tasks, spilled
 * machine with later ones) with the same result, trace and exception.
 */
class ValidCodeTest {
  static final String SOURCE = """
      package valid;

      import java.util.ArrayList;
      import java.util.Arrays;
      import java.util.List;
      import java.util.function.Function;
      import org.await4j.Async;
      import org.await4j.Task;
      import org.await4j.testing.Env;
      import static org.await4j.Await.await;

      public class Valid {
        final Env env;
        Integer boxedField;
        Boolean flagField;
        long total;

        public Valid(Env env) { this.env = env; }

        int v(int x) { return env.log("v", x); }

        // nested array initializers, spilled and not
        @Async String nestedInitializers() {
          int[][] c = {{await(env.task(1))}, {v(2), await(env.task(3))}, {}};
          int[][] d = {{v(4)}, {await(env.task(5))}};
          Object[] o = {new int[] {v(6), await(env.task(7))}, "s"};
          long[][][] deep = {{{v(8)}, {await(env.task(9L))}}};
          List<String>[] lists = new List[] {List.of(await(env.task("g")))};
          return Arrays.deepToString(c) + Arrays.deepToString(d) + Arrays.deepToString(o)
              + Arrays.deepToString(deep) + lists[0] + String.join(",", new String[][] {{await(env.task("x"))}}[0]);
        }

        class Inner {
          final int n;
          Inner(int n) { this.n = n; env.log("inner", n); }
          class Deeper { final int m; Deeper(int m) { this.m = m + n; } }
        }

        // inner-class creation, qualified and not
        @Async int innerCreation() {
          Inner a = this.new Inner(await(env.task(1)));
          Inner b = new Inner(v(2) + await(env.task(3)));
          Valid other = new Valid(env);
          Inner c = other.new Inner(await(env.task(4)));
          Inner.Deeper d = a.new Deeper(await(env.task(5)));
          return a.n + b.n + c.n + d.m;
        }

        // generic methods whose type variables the arguments do not pin down
        @Async static <A, B> List<B> mapAll(List<A> in, Function<? super A, ? extends B> f, Env env) {
          List<B> out = new ArrayList<>();
          for (A a : in) {
            out.add(f.apply(await(env.task(a))));
          }
          return out;
        }

        @SuppressWarnings("unchecked")
        @Async static <T> T cast(Object o, Env env) { return (T) await(env.task(o)); }

        @Async static <T> List<T> make(Class<? super T> c, Env env) {
          env.log(c.getSimpleName() + await(env.task("!")));
          return new ArrayList<>();
        }

        @Async String generics() {
          List<String> s = mapAll(List.of(1, 2), i -> i + "!", env);
          String t = cast("cast", env);
          List<Integer> m = Valid.<Integer>make(Number.class, env);
          return s + t + m;
        }

        // unboxing happens where javac does it: a null throws before the operands to its right
        @Async Object unboxing(int k) {
          Integer n = null;
          Boolean flag = null;
          int[] cells = {1, 2};
          try {
            switch (k) {
              case 0: return n + v(1) + await(env.task(2));
              case 1: boxedField += v(await(env.task(3))); return boxedField;
              case 2: return flag && await(env.task(true));
              case 3: return cells[n] = await(env.task(4));
              case 4: return new int[] {n, await(env.task(5))};
              case 5: return Math.max(n, await(env.task(6)));
              case 6: return "s" + n + await(env.task(7));
              case 7: return n == await(env.task(8));
              case 8: { Long big = null; return big * v(await(env.task(9))); }
              case 9: { Integer m = 5; m += await(env.task(10)); m -= v(1); return m; }
              case 10: { flagField = null; flagField &= await(env.task(false)); return flagField; }
              default: return null;
            }
          } catch (NullPointerException e) {
            env.log("npe");
            return "npe";
          }
        }

        // compound assignments that narrow, on every primitive type
        @Async String narrowing() {
          byte b = 1; short s = 2; char c = 'a'; int i = 3; long l = 4; float f = 5; double d = 6;
          b += await(env.task(300L));
          s *= await(env.task(1000));
          c += await(env.task(2));
          i >>= await(env.task(1));
          l -= await(env.task(2.5));
          f /= await(env.task(4));
          d %= await(env.task(4L));
          total += v(1) + await(env.task(2));
          return "" + b + s + c + i + l + f + d + total;
        }

        // javac reads these back after the processor attributed the class
        static String intersections(boolean b) {
          var x = b ? 1 : "one";
          StringBuilder r = new StringBuilder();
          for (var y : List.of(1, "a")) r.append(y);
          class Local { }
          var l = new Local();
          List<String> names = List.of("n");
          names.forEach((var n) -> r.append(n));
          return x + r.toString() + (l != null);
        }

        // javac cannot read these back once a class is attributed: the processor attributes a
        // copy of the file instead
        static String capturesAndAnonymous(List<?> l, java.util.Map<String, ? extends Number> m) {
          StringBuilder r = new StringBuilder();
          l.forEach(x -> r.append(x));
          m.forEach((k, v) -> r.append(k).append(v.intValue()));
          var o = new Object() { int n = 1; };
          o.n++;
          return r.toString() + o.n;
        }

        @Async String besideOddCode(boolean b) {
          List<?> some = List.of("p", 2);
          StringBuilder inside = new StringBuilder();
          some.forEach(x -> inside.append(x));
          String odd = capturesAndAnonymous(some, java.util.Map.of("k", 3));
          return intersections(await(env.task(b))) + odd + inside;
        }

        // an operand saved before an await keeps its lower-bounded wildcard (found in
        // commons-collections4's ListUtils.selectRejected)
        static <O, R extends java.util.Collection<? super O>> R into(Iterable<? extends O> in,
            java.util.function.Predicate<? super O> p, R out) {
          for (O o : in) if (p.test(o)) out.add(o);
          return out;
        }

        @Async static <E> List<E> keep(java.util.Collection<? extends E> in,
            java.util.function.Predicate<? super E> p, Env env) {
          return into(in, p, await(env.task(new ArrayList<E>())));
        }

        @Async String lowerBounds() { return keep(List.of(1, 2, 3), x -> x > 1, env).toString(); }

        static class Base { final int v; Base(int v, String s) { this.v = v; } int get() { return v; } }

        // a var (or an implicit lambda parameter) after an anonymous class in the same body
        @Async float varAfterAnonymous() {
          int v1 = new Base(await(env.task(2)), "") { int get() { return v * 3; } }.get();
          var v2 = v(1);
          List.of(1).forEach(x -> env.log("x", x));
          var v3 = new Base(v(4), "") { int get() { return v * 5; } }.get(); // found by random programs
          for (var x : new String[] {String.valueOf(new Base(0, "") { int get() { return v; } }.get())}) {
            env.log("for", x);
          }
          List.of(2).forEach(x -> env.log("y", new Base(x, "") { int get() { return v + 1; } }.get()));
          return 0.5f + v1 + v2 + v3;
        }

        static class Node<E> {
          Node<E> left;
          boolean previous;

          @Override public String toString() { return "node"; }

          // a conditional argument in a generic class, not a generic method (found in
          // commons-collections4's TreeList.AVLNode)
          @Async Node<E> leftOf(Env env) {
            return await(env.task(previous ? null : await(env.task(left))));
          }
        }

        @Async String conditionalInGenericClass() {
          Node<String> n = new Node<>();
          n.left = new Node<>();
          boolean same = n.leftOf(env) == n.left;
          n.previous = true;
          return same + " " + (n.leftOf(env) == null);
        }

        // an inner class created inside an anonymous class of the body (found in
        // commons-collections4's MultiValueMap.iterator)
        @Async int innerInAnonymous() {
          int k = await(env.task(3));
          java.util.function.IntSupplier s = new java.util.function.IntSupplier() {
            public int getAsInt() { return new Inner(k).n; }
          };
          return s.getAsInt() + await(env.task(1));
        }

        private static final char PRIVATE_QUOTE = '\\'';
        private static final String PRIVATE_START = "{";
        private static final int PRIVATE_NEGATIVE = -1;

        // private constants in case labels stay constants (found in commons-text's
        // ExtendedMessageFormat once private members were kept)
        @Async int privateConstants(String s) {
          int n = 0;
          for (char c : s.toCharArray()) {
            switch (c) {
              case PRIVATE_QUOTE: n += await(env.task(1)); break;
              default: break;
            }
            switch (c - '0') {
              case PRIVATE_NEGATIVE: n += 10; break;
              default: break;
            }
          }
          switch (s) {
            case PRIVATE_START: return n + 100;
            default: return n - PRIVATE_NEGATIVE;
          }
        }

        // an array whose elements' type holds a capture (found in commons-lang3's TypeUtils)
        @Async String capturedArrayElements(Class<?> c) {
          StringBuilder b = new StringBuilder();
          for (java.lang.reflect.TypeVariable<?> p : c.getTypeParameters()) {
            b.append(await(env.task(p.getName())));
          }
          return b.toString();
        }

        interface Self<T extends Self<T>> { int card(); }

        static final class Card implements Self<Card> {
          public int card() { return 4; }
          @Override public String toString() { return "card"; }
        }

        // an operand of a captured type whose bound names itself (found in commons-collections4's
        // SetOperations.cosineSimilarity over BloomFilter<?>)
        @Async int recursiveBound(Self<?> a) {
          return a.card() + await(env.task(a)).card() * await(env.task(2));
        }

        @Async int recursiveBounds() { return recursiveBound(new Card()); }


        interface Cells { int[] cells(); }

        // an anonymous class returned by the body declares a class of its own (found in
        // commons-collections4's CellExtractor.from)
        @Async Cells anonymousWithMemberClass(int[] idx) {
          int n = await(env.task(idx.length));
          return new Cells() {
            final class Counter implements Comparable<Counter> {
              final int i;
              Counter(int i) { this.i = i; }
              public int compareTo(Counter o) { return Integer.compare(i, o.i); }
            }
            final java.util.TreeMap<Counter, Counter> m = new java.util.TreeMap<>();
            public int[] cells() {
              for (int x : idx) { final Counter c = new Counter(x); m.put(c, c); }
              return m.keySet().stream().mapToInt(c -> c.i + n).toArray();
            }
          };
        }

        @Async String anonymousMemberClasses() {
          return Arrays.toString(anonymousWithMemberClass(new int[] {3, 1, await(env.task(2))}).cells());
        }

        static final char QUOTE = '\\'';
        enum Kind { A, B }

        // constants of the class in case labels (found in commons-text's ExtendedMessageFormat)
        @Async int caseConstants(String s, Kind k) {
          int n = 0;
          for (char c : s.toCharArray()) {
            switch (c) {
              case QUOTE: n += await(env.task(1)); break;
              default: break;
            }
          }
          switch (k) { case A: n += await(env.task(10)); break; default: break; }
          return n;
        }

        // a conditional argument inside a generic method (found in commons-lang3's Streams.of)
        @Async static <T> java.util.stream.Stream<T> streamOf(T[] values, Env env) {
          env.log("n", await(env.task(values == null ? 0 : values.length)));
          return await(Task.<java.util.stream.Stream<T>>completed(values == null
              ? java.util.stream.Stream.empty() : java.util.stream.Stream.of(values)));
        }

        static <T> T firstOr(T a, T b) { return a != null ? a : b; }

        @Async static <T extends CharSequence> T defaultIfEmpty(T str, T defaultStr, Env env) {
          return firstOr(str == null || str.length() == 0 ? await(env.task(defaultStr)) : str, defaultStr);
        }

        @Async String polyArguments() {
          return streamOf(new String[] {"a", "b"}, env).count() + defaultIfEmpty("", "dflt", env);
        }

        // varargs @Async methods called from other @Async bodies
        @Async static String any(Env env, String v, String... c) {
          return v + await(env.task(c.length)) + Arrays.toString(c);
        }

        @Async static int sum(Env env, int... xs) {
          int t = 0;
          for (int x : xs) t += await(env.task(x));
          return t;
        }

        @SafeVarargs
        @Async static <T> List<T> listOf(Env env, T... xs) { return await(env.task(xs.length)) > 0 ? List.of(xs) : null; }

        @Async String varargs() {
          return any(env, "a") + any(env, "b", "x") + any(env, "c", "x", "y")
              + any(env, "d", new String[] {"q"}) + any(env, "e", (String[]) null == null ? new String[0] : null)
              + sum(env) + sum(env, 1, 2, 3) + sum(env, new int[] {4}) + listOf(env, "p", "q");
        }
      }
      """;

  /** Methods of an inner class of a generic class (found in commons-text's IntersectionSimilarity). */
  @Test
  void innerClassOfAGenericClass() {
    ClassLoader l = Harness.compileAndLoad("valid.Outer", """
        package valid;

        import java.util.HashMap;
        import java.util.Map;
        import java.util.Set;
        import org.await4j.Async;
        import org.await4j.EventLoop;
        import org.await4j.Task;
        import static org.await4j.Await.await;

        public class Outer<T> {
          final class Bag {
            final Map<T, Integer> map = new HashMap<>();
            @Async Set<Map.Entry<T, Integer>> entries() { return await(Task.completed(map.entrySet())); }
            @Async <U> int size(U extra) { return await(Task.completed(map.size())) + (extra == null ? 0 : 1); }
          }

          public static String run() {
            Outer<String> o = new Outer<>();
            Outer<String>.Bag bag = o.new Bag();
            bag.map.put("x", 1);
            return bag.entries() + " " + bag.size(1) + " | "
                + EventLoop.run(() -> Outer_BagAsync.entries(bag)) + " "
                + EventLoop.run(() -> Outer_BagAsync.size(bag, 1));
          }
        }
        """);
    try {
      org.junit.jupiter.api.Assertions.assertEquals("[x=1] 2 | [x=1] 2",
          l.loadClass("valid.Outer").getMethod("run").invoke(null));
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * A record's explicit canonical constructor in a file with @Async methods: javac adds a super()
   * call to it while the processor attributes the file, then rejects it (found by a program
   * written from README alone); such a file is attributed as a copy.
   */
  @Test
  void recordsWithCanonicalConstructors() {
    ClassLoader l = Harness.compileAndLoad("valid.Specs", """
        package valid;

        import java.util.ArrayList;
        import java.util.List;
        import org.await4j.Async;
        import org.await4j.EventLoop;
        import org.await4j.Task;
        import static org.await4j.Await.await;

        public class Specs {
          private record Spec(String name, int cost) {
            Spec {
              if (cost < 0) throw new IllegalArgumentException("negative " + name);
              name = name.trim();
            }
            Spec(String name) { this(name, 1); }
          }
          record Open(int n) { Open(int n) { this.n = n * 2; } }

          @Async String run(int n) {
            List<Spec> specs = new ArrayList<>();
            specs.add(new Spec(" a ", await(Task.completed(n))));
            specs.add(new Spec("b"));
            String err;
            try {
              new Spec("c", -await(Task.completed(1)));
              err = "none";
            } catch (IllegalArgumentException e) {
              err = e.getMessage();
            }
            return specs + " " + err + " " + new Open(n).n();
          }

          public static String both() {
            return new Specs().run(3) + " | " + EventLoop.run(() -> SpecsAsync.run(new Specs(), 3));
          }
        }
        """);
    org.junit.jupiter.api.Assertions.assertEquals(
        "[Spec[name=a, cost=3], Spec[name=b, cost=1]] negative c 6 | "
            + "[Spec[name=a, cost=3], Spec[name=b, cost=1]] negative c 6",
        Harness.both(l, "valid.Specs"));
  }

  /**
   * A file the processor attributes as a copy (an anonymous class and an implicitly typed lambda
   * in one method) that uses a class declared in a file of another name (Helpers.java): the
   * copy is compiled with that file, which the source path cannot find by the class's name.
   */
  @Test
  void aCopiedFileUsesAClassOfAFileNamedOtherwise() throws ReflectiveOperationException {
    ClassLoader l = Harness.compileAndLoad("valid.Helpers", """
        package valid;

        class Helper { int value() { return 41; } }
        """, "valid.Answers", """
        package valid;

        import java.util.function.IntUnaryOperator;
        import org.await4j.Async;
        import org.await4j.EventLoop;
        import org.await4j.Tasks;
        import static org.await4j.Await.await;

        public class Answers {
          public static int both() {
            IntUnaryOperator inc = x -> x + 1;
            Runnable r = new Runnable() { public void run() { } };
            r.run();
            return answer(new Helper(), inc) * 1000
                + EventLoop.run(() -> AnswersAsync.answer(new Helper(), inc));
          }

          @Async static int answer(Helper h, IntUnaryOperator op) {
            await(Tasks.yieldNow());
            return op.applyAsInt(h.value());
          }
        }
        """);
    org.junit.jupiter.api.Assertions.assertEquals(42042,
        l.loadClass("valid.Answers").getMethod("both").invoke(null));
  }

  /**
   * Unnamed variables (Java 22): kept across awaits, they are fields no code reads; an unnamed
   * pattern variable, typed or not, binds nothing.
   */
  @Test
  void unnamedVariables() throws ReflectiveOperationException {
    org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() >= 22);
    ClassLoader l = Harness.compileAndLoad("valid.Unnamed", """
        package valid;

        import java.util.List;
        import org.await4j.Async;
        import org.await4j.EventLoop;
        import org.await4j.Task;
        import static org.await4j.Await.await;

        public class Unnamed {
          @Async static int count(List<String> xs) {
            int n = 0;
            for (var _ : xs) {
              n += await(Task.completed(1));
            }
            var _ = await(Task.completed("ignored"));
            return n;
          }

          @Async static int parse(Task<String> t) {
            try {
              return Integer.parseInt(await(t));
            } catch (NumberFormatException _) {
              return -1;
            }
          }

          record P(int x, int y) {}

          @Async static int patterns(Object o) {
            int r = switch (o) {
              case P(int x, int _) when x > 9 -> x + await(Task.completed(100));
              case P(var x, var _) -> x;
              case String _ -> await(Task.completed(7));
              default -> 0;
            };
            switch (o) {
              case P(int _, int y): r += y * await(Task.completed(10)); break;
              default: break;
            }
            if (o instanceof P(int x, int _) && x > await(Task.completed(1))) {
              r += 1000;
            }
            return r;
          }

          public static String both() {
            List<String> xs = List.of("a", "b");
            return count(xs) + " " + parse(Task.completed("x")) + " " + patterns(new P(4, 5))
                + " " + patterns(new P(12, 1)) + " " + patterns("s") + " | "
                + EventLoop.run(() -> UnnamedAsync.count(xs)) + " "
                + EventLoop.run(() -> UnnamedAsync.parse(Task.completed("x"))) + " "
                + EventLoop.run(() -> UnnamedAsync.patterns(new P(4, 5))) + " "
                + EventLoop.run(() -> UnnamedAsync.patterns(new P(12, 1))) + " "
                + EventLoop.run(() -> UnnamedAsync.patterns("s"));
          }
        }
        """);
    org.junit.jupiter.api.Assertions.assertEquals("2 -1 1054 1122 7 | 2 -1 1054 1122 7",
        l.loadClass("valid.Unnamed").getMethod("both").invoke(null));
  }

  static ClassLoader loader;

  @BeforeAll
  static void compile() {
    loader = Harness.compileAndLoad("valid.Valid", SOURCE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"nestedInitializers", "innerCreation", "generics", "narrowing",
      "varargs", "lowerBounds", "varAfterAnonymous", "polyArguments"})
  void noArguments(String method) {
    Differential.check(loader, "valid.Valid", method);
  }

  @Test
  void constantsInCaseLabels() throws Exception {
    Object a = loader.loadClass("valid.Valid$Kind").getEnumConstants()[0];
    Differential.check(loader, "valid.Valid", "caseConstants", "a'b'", a);
  }

  @Test
  void conditionalArgumentsInGenericClasses() {
    Differential.check(loader, "valid.Valid", "conditionalInGenericClass");
  }

  @Test
  void innerClassCreatedInAnAnonymousClass() {
    Differential.check(loader, "valid.Valid", "innerInAnonymous");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a'b'", "{", "/'"})
  void privateConstantsInCaseLabels(String s) {
    Differential.check(loader, "valid.Valid", "privateConstants", s);
  }

  @Test
  void arraysOfCapturedElementTypes() {
    Differential.check(loader, "valid.Valid", "capturedArrayElements", java.util.Map.class);
  }

  @Test
  void capturedTypesWhoseBoundNamesThemselves() {
    Differential.check(loader, "valid.Valid", "recursiveBounds");
  }

  /**
   * A wildcard over a type variable whose bound names itself: javac cannot infer the shared
   * body's type arguments from it, so they are written out (found in commons-collections4's
   * LayerManager.Cleanup.removeIf).
   */
  @Test
  void wildcardsOverSelfBoundedTypeVariables() {
    ClassLoader bounded = Harness.compileAndLoad("valid.Bounded", """
        package valid;

        import static org.await4j.Await.await;

        import java.util.function.Predicate;
        import org.await4j.Async;
        import org.await4j.testing.Env;

        public class Bounded {
          final Env env;

          public Bounded(Env env) { this.env = env; }

          interface Self<T extends Self<T>> { int card(); }

          static final class Card implements Self<Card> {
            public int card() { return 4; }
          }

          static final class Big implements Predicate<Card> {
            public boolean test(Card c) { return c.card() > 3; }
            @Override public String toString() { return "big"; }
          }

          // the only argument that names T is the wildcard
          @Async static <T extends Self<T>> Predicate<T> not(Predicate<? super T> test, Env env) {
            Predicate<? super T> t = await(env.task(test));
            return x -> !t.test(x);
          }

          @Async int selfBoundedWildcards() {
            return not(new Big(), env).test(new Card()) ? 1 : 2;
          }
        }
        """);
    Differential.check(bounded, "valid.Bounded", "selfBoundedWildcards");
  }

  @Test
  void classesDeclaredInAnonymousClasses() {
    Differential.check(loader, "valid.Valid", "anonymousMemberClasses");
  }

  @Test
  void oddCodeBesideAsyncMethods() {
    Differential.check(loader, "valid.Valid", "besideOddCode", true);
  }

  @Test
  void unboxingOrder() {
    for (int k = 0; k <= 10; k++) {
      Differential.check(loader, "valid.Valid", "unboxing", k);
    }
  }

  @Test
  void aSuspendingMethodReferenceOrSynchronizedMethodIsAnError() {
    ExpectedErrors.check("bad.Refs", """
        package bad;

        import java.util.List;
        import java.util.stream.Collectors;
        import org.await4j.Async;
        import org.await4j.Await;
        import org.await4j.Task;

        class Refs {
          @Async List<Integer> refs(List<Task<Integer>> ts) {
            // ERROR: [await4j:SuspendInMethodReference] the method reference Await::await
            return ts.stream().map(Await::await)
                // ERROR: [await4j:SuspendInMethodReference] the method reference this::plus
                .map(this::plus).collect(Collectors.toList());
          }
          @Async int plus(int x) { return x + Await.await(Task.completed(1)); }
          // ERROR: [await4j:SynchronizedMethod]
          @Async synchronized int locked(Task<Integer> t) { return Await.await(t); }
          // method references that do not suspend stay fine
          @Async List<String> plain(List<Integer> xs) {
            return xs.stream().map(String::valueOf).map(this::twice).collect(Collectors.toList());
          }
          String twice(String s) { return s + s; }
        }
        """);
  }

  @Test
  void errorsInABodyAreReportedThereAndNowhereElse() {
    ExpectedErrors.check("bad.Broken", """
        package bad;

        import org.await4j.Async;
        import org.await4j.Task;

        class Broken {
          @Async int noImport(Task<Integer> t) {
            // ERROR: cannot find symbol
            int x = await(t);
            return x + 1;
          }
          @Async int callsIt(Task<Integer> t) { return noImport(t) + 1; }
          @Async static <T> T generic(T t) {
            // ERROR: cannot find symbol
            return undefined(t);
          }
        }
        """);
  }

  @Test
  void errorsInASignatureAreReportedThereAndNowhereElse() {
    ExpectedErrors.check("bad.Broken", """
        package bad;

        import org.await4j.Async;
        import org.await4j.Task;

        class Broken {
          // ERROR: cannot find symbol
          @Async int missingParameterType(Task<Integer> t, Missing m) { return 1; }
          // ERROR: cannot find symbol
          @Async java.util.List<Missing2> missingResultType() { return null; }
          @Async int callsMissing() { return missingParameterType(null, null); }
        }
        """);
  }
}
