package org.await4j.processor;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Private nested classes named in {@code @Async} bodies as users write them: locals, arrays and
 * generic types declared with them, casts, {@code instanceof}, class literals, a private
 * class's {@code this} passed on, values converted to the interfaces they implement, maps and
 * streams over them, switches over a private enum, and private classes in {@code @Async}
 * signatures. The machine cannot name the classes: each body runs blocking and as a machine
 * alike, a failing cast with the JVM's own message.
 */
class PrivateTypesTest {
  static final String SOURCE = """
      package hidden;

      import java.util.*;
      import java.util.stream.Collectors;
      import org.await4j.Async;
      import org.await4j.testing.Env;
      import static org.await4j.Await.await;

      public class Crew {
        interface Named { default String label() { return "named"; } }
        private enum Phase { IDLE, BUSY, DONE }

        // a Number, a Runnable, Named and Comparable: converted to each where the body says
        private static final class Hand extends Number implements Runnable, Named, Comparable<Hand> {
          private final String name;
          private final int size;
          int runs;
          Hand(String name, int size) { this.name = name; this.size = size; }
          public void run() { runs++; }
          public int compareTo(Hand o) { return Integer.compare(size, o.size); }
          public int intValue() { return size; }
          public long longValue() { return size; }
          public float floatValue() { return size; }
          public double doubleValue() { return size; }
          @Override public String toString() { return name; }
        }

        // passes its own this on
        private final class Shift implements Runnable {
          private final List<Hand> hands = new ArrayList<>();
          public void run() { env.log("run"); }
          @Async Runnable asTask(int n) { // its own this returned as an interface
            await(env.task(n));
            return this;
          }
          @Async int work(int n) {
            roster.add(this);
            note(this);
            int got = await(env.task(n));
            return got + hands.size() + (roster.contains(this) ? 10 : 0);
          }
        }

        private final Env env;
        private Phase phase = Phase.IDLE;
        private final Map<String, Hand> byName = new TreeMap<>();
        private final List<Object> roster = new ArrayList<>();
        private final Map<Phase, List<Hand>> byPhase = new EnumMap<>(Phase.class);

        public Crew(Env env) { this.env = env; }

        private static int weigh(Hand h) { return h.size * 10; }
        private static void start(Runnable r) { r.run(); }
        private void note(Object o) { env.log("note", o.getClass().getSimpleName()); }
        private Hand hire(String name, int size) {
          Hand h = new Hand(name, size);
          byName.put(name, h);
          return h;
        }

        @Async String named(int n) {
          Hand a = hire("a", n);
          Hand b = hire("b", await(env.task(n * 2)));
          Hand[] pair = { a, b };
          List<Hand> all = new ArrayList<Hand>(List.of(pair));
          int total = 0;
          for (Hand h : all) {
            total += weigh(h) + await(env.task(h.size));
          }
          Object o = a;
          if (o instanceof Hand) {
            total += ((Hand) o).size;
          }
          Runnable r = b;
          r.run();
          start(a);
          start(all.get(1));
          Named named = a;
          Comparable<Hand> c = a;
          String label = a.label() + named.label();
          Class<?> k = Hand.class;
          env.log("class", k.getSimpleName());
          for (String key : byName.keySet()) {
            total += key.length();
          }
          for (Map.Entry<String, Hand> e : byName.entrySet()) {
            total += e.getKey().length() + e.getValue().runs + await(env.task(1));
          }
          total += byName.get("a").intValue() + Collections.max(all).size;
          String order = all.stream().sorted().map(h -> h.name).collect(Collectors.joining(","));
          Optional<Hand> small = all.stream().filter(h -> h.size < 3).findFirst();
          Hand pick = total > 5 ? a : b;
          Number asNumber = await(env.task(pick));
          return total + " " + label + " " + c.compareTo(b) + " " + order + " "
              + small.map(h -> h.name).orElse("-") + " " + pick + b.runs + asNumber.intValue();
        }

        @Async String badCast(int n) {
          Object o = env.log("o", (Object) ("s" + await(env.task(n))));
          Hand h = (Hand) o;
          return h.name;
        }

        @Async String phases(int rounds) {
          StringBuilder sb = new StringBuilder();
          for (int i = 0; i < rounds; i++) {
            switch (phase) {
              case IDLE: sb.append("idle;"); phase = Phase.BUSY; break;
              case BUSY: sb.append("busy;"); await(env.task(i)); phase = Phase.DONE; break;
              default: sb.append("other;"); phase = Phase.IDLE;
            }
            String s = switch (phase) { case IDLE -> "i"; case BUSY, DONE -> "bd" + await(env.task(i)); };
            sb.append(s).append(phase.name()).append(phase.ordinal());
            byPhase.computeIfAbsent(phase, p -> new ArrayList<>()).add(hire("h" + i, i));
          }
          return sb + " " + byPhase.getOrDefault(Phase.DONE, List.of()).size();
        }

        @Async int shifts(int n) {
          Shift s = new Shift();
          s.hands.add(hire("x", n));
          int got = await(Crew_ShiftAsync.work(s, n));
          Runnable r = s.asTask(n);
          r.run();
          return got + roster.size() + (roster.get(0) == s ? 100 : 0) + (r == s ? 1000 : 0);
        }

        // patterns over private classes: their variables are fields the test sets
        @Async String patterns(int n) {
          List<Object> inbox = List.of(hire("p", n), "text", new Shift(), hire("q", n + 5));
          StringBuilder sb = new StringBuilder();
          for (Object m : inbox) {
            if (m instanceof Hand h) {
              sb.append(h.name).append(await(env.task(h.size)));
            } else if (!(m instanceof Shift s)) {
              sb.append("other");
            } else {
              sb.append("shift").append(s.hands.size());
            }
            boolean big = m instanceof Hand h2 && h2.size > 3;
            sb.append(big).append(';');
          }
          return sb.toString();
        }

        private interface Rule { int apply(Hand h) throws java.io.IOException; }
        private interface Pick<T> { T pick(T a, T b); default T first(T a) { return pick(a, a); } }
        private static int score(Rule r, Hand h) throws java.io.IOException { return r.apply(h); }

        // lambdas and method references implementing private interfaces
        @Async String functions(int n) throws java.io.IOException {
          int bonus = await(env.task(n));
          Rule bySize = h -> h.size + bonus;
          Rule failing = h -> { if (h.size > 3) throw new java.io.IOException("big " + h.name); return 0; };
          Pick<Hand> larger = (a, b) -> a.size >= b.size ? a : b;
          Pick<String> longer = (a, b) -> a.length() >= b.length() ? a : b;
          Hand a = hire("a", n);
          Hand b = hire("bb", n + 1);
          java.util.function.ToIntFunction<Hand> weight = Crew::weigh;
          String s = score(bySize, a) + " " + score(h -> h.name.length(), b) + " "
              + larger.pick(a, b).name + larger.first(a).name + longer.pick("x", "yy") + " "
              + weight.applyAsInt(b) + " " + await(env.task(bySize.apply(b)));
          return s + " " + score(failing, b);
        }

        private static class Retry extends RuntimeException {
          Retry(String m) { super(m); }
        }
        private static final class Again extends Retry {
          Again(String m) { super(m); }
        }
        private static final class Checked extends Exception {
          Checked(String m) { super(m); }
        }

        private void fail(int k) throws Checked {
          switch (k % 5) {
            case 0: throw new Again("again" + k);
            case 1: throw new Retry("retry" + k);
            case 2: throw new Checked("checked" + k);
            case 3: throw new IllegalStateException("state" + k);
            default: env.log("no failure " + k);
          }
        }

        // catches of private exception classes, in order, in a try that suspends and in one
        // that does not, with a union and a finally; what none takes leaves the method
        @Async String catches(int n) throws Checked {
          StringBuilder sb = new StringBuilder();
          for (int k = n; k < n + 5; k++) {
            try {
              fail(await(env.task(k)));
            } catch (Again a) {
              sb.append("A:").append(a.getMessage());
            } catch (Retry | IllegalStateException r) {
              sb.append("R:").append(r.getMessage());
            } catch (Checked c) {
              sb.append("C:").append(c.getMessage()).append(await(env.task("!")));
            } finally {
              sb.append(';');
            }
            try {
              fail(k + 1);
            } catch (Retry r) {
              sb.append("r:").append(r.getMessage());
            } catch (Exception e) {
              sb.append("e:").append(e.getClass().getSimpleName());
            }
          }
          fail(n);
          return sb.toString();
        }

        // @Async methods of a private record and a private enum (a constant's body overrides)
        private record Point(int x, int y) {
          @Async int dist(int scale) {
            return (Math.abs(x) + Math.abs(y)) * await(org.await4j.Task.completed(scale));
          }
        }
        private enum Op {
          ADD, NEG { @Override int run(int a) { return -a; } };
          @Async int run(int a) { return await(org.await4j.Task.completed(a)) + 1; }
        }

        @Async String records(int n) {
          Point p = new Point(n, -2 * n);
          return p.dist(await(env.task(3))) + " " + p + " " + Op.ADD.run(n) + Op.NEG.run(n) + " " + p.x();
        }

        private static final class Res implements AutoCloseable {
          public void close() { throw new Retry("close"); }
        }

        // a return out of a try whose close throws what a private catch takes: the return is off
        @Async int closing(int n) {
          String s = await(env.task("a" + n));
          try (Res r = new Res()) {
            if (n > 0) {
              return -5;
            }
          } catch (Retry e) {
            env.log("caught " + e.getMessage() + s);
          }
          return 0;
        }

        // found by programs written from README alone: methods a private enum inherits named by
        // reference, a diamond over a private enum's class
        @Async String fromReadme(int n) {
          List<Phase> h = new ArrayList<>(List.of(Phase.IDLE, Phase.DONE));
          Map<Phase, Integer> counts = new EnumMap<>(Phase.class);
          counts.put(Phase.DONE, await(env.task(n)));
          return h.stream().map(Phase::name).collect(Collectors.joining(">")) + counts
              + h.stream().map(Phase::toString).count();
        }

        @SuppressWarnings("unchecked")
        private static final Map<String, Hand>[] CACHES = new Map[2];

        // an array of a private class, and a stream over maps of one (commons-lang3's
        // FastDateParser clears its caches so)
        @Async int arrays(int n) {
          Hand[] hs = { hire("a", n), hire("b", n + 1) };
          int len = hs.length + await(env.task(hs.length));
          CACHES[0] = new HashMap<>();
          CACHES[0].put("x", hs[0]);
          long before = java.util.stream.Stream.of(CACHES).filter(Objects::nonNull).count();
          java.util.stream.Stream.of(CACHES).filter(Objects::nonNull).forEach(Map::clear);
          return len + (int) before * 10 + CACHES[0].size() + hs[1].size;
        }

        // private classes in @Async signatures: the twins take and give their visible types
        @Async Hand biggest(List<Hand> hands) {
          await(env.task(0));
          return Collections.max(hands);
        }

        @Async Comparable<Hand> firstOf(Hand h) { return await(env.task(h)); }

        @Async String signatures(int n) {
          List<Hand> hs = List.of(hire("p", n), hire("q", n + 1));
          Hand big = biggest(hs);
          Comparable<Hand> first = firstOf(big);
          return big.name + first.compareTo(hs.get(0));
        }
      }
      """;

  /** A generic private class used from its outer class's bodies, over the outer's type variable. */
  static final String CHAIN = """
      package hidden;

      import java.util.*;
      import org.await4j.Async;
      import org.await4j.testing.Env;
      import static org.await4j.Await.await;

      public class Chain<K extends Comparable<K>> {
        private static final class Link<K, V> {
          final K key;
          V value;
          Link<K, V> next;
          Link(K key, V value, Link<K, V> next) { this.key = key; this.value = value; this.next = next; }
          K key() { return key; }
        }
        private final Env env;
        private Link<K, String> head;

        public Chain(Env env) { this.env = env; }

        @SuppressWarnings("unchecked")
        private K key(int i) { return (K) Integer.valueOf(i); }

        @Async String find(int n) {
          for (int i = 0; i < n; i++) {
            head = new Link<>(key(i), "v" + i, head);
          }
          K wanted = key(n / 2);
          List<K> seen = new ArrayList<>();
          for (Link<K, String> e = head; e != null; e = e.next) {
            seen.add(await(env.task(e.key())));
            if (e.key.compareTo(wanted) == 0) {
              e.value = e.value + "!";
              return e.value.length() + " " + seen + " " + await(env.task(e.value));
            }
          }
          return "none " + seen;
        }

        private <T> List<T> twice(T a) { return List.of(a, a); }

        @SuppressWarnings("unchecked")
        private static <R extends Throwable> R erase(Throwable t) throws R { throw (R) t; }

        // explicit type arguments of private methods (commons-lang3's eraseType), a method
        // reference on a value of a private class (commons-text's bag::add)
        @Async String explicit(int n) {
          List<K> ks = this.<K>twice(key(n));
          Link<K, String> link = new Link<>(key(n), "x", null);
          List<String> seen = new ArrayList<>();
          ks.forEach(k -> seen.add(String.valueOf(k)));
          java.util.function.Supplier<K> keyOf = link::key;
          String err;
          try {
            throw Chain.<RuntimeException>erase(new java.io.IOException("io" + await(env.task(n))));
          } catch (Exception e) {
            err = e.getClass().getSimpleName() + e.getMessage();
          }
          return ks + " " + seen + " " + keyOf.get() + " " + err;
        }

        // a wildcard pattern over a generic private class (found from README alone)
        @Async String wildcards(int n) {
          Object o = new Link<>(key(n), "w", null);
          await(env.task(n));
          if (o instanceof Link<?, ?> l) {
            return "link " + l.key + l.value + l.key();
          }
          return "other";
        }

        private final Map<Link<K, String>, K> owners = new HashMap<>();

        // lambdas over a generic private class (raw in the machine: their parameters are
        // Objects, cast back where used), a map's value of a type variable, an array of one
        @SuppressWarnings("unchecked")
        @Async String lambdas(int n) {
          java.util.function.Function<K, Link<K, String>> make = (K k) -> new Link<>(k, "m", null);
          java.util.function.Function<K, Link<K, String>> make2 = k -> new Link<>(k, "n" + k, null);
          Link<K, String> a = make.apply(key(n));
          owners.put(a, key(n + 1));
          K owner = owners.computeIfAbsent(make2.apply(key(n)), l -> l.key);
          Link<K, String>[] links = new Link[n + 1];
          links[0] = a;
          java.util.Comparator<Link<K, String>> byKey =
              (Link<K, String> x, Link<K, String> y) -> x.key.compareTo(y.key);
          List<Link<K, String>> sorted = new ArrayList<>(List.of(a, make2.apply(key(n + 2))));
          sorted.sort(byKey.reversed());
          return a.value + owner + owners.size() + await(env.task(links.length)) + links[0].key
              + sorted.get(0).value;
        }
      }
      """;

  /** Private classes extended in their file: the twins dispatch to the override, as Java does. */
  static final String SHAPES = """
      package hidden;

      import java.util.*;
      import org.await4j.Async;
      import org.await4j.testing.Env;
      import static org.await4j.Await.await;

      public class Shapes {
        private final Env env;
        public Shapes(Env env) { this.env = env; }

        private class Shape {
          @Async String describe(int n) { return "shape" + await(env.task(n)); }
          @Async String twice(int n) { return describe(n) + "/" + describe(n + 1); }
        }
        private class Circle extends Shape {
          @Override @Async String describe(int n) {
            return "circle" + await(env.task(n)) + "<" + super.describe(n) + ">";
          }
        }
        private final class Square extends Shape {
          @Override String describe(int n) { return "square" + n; } // plain: a done task
        }
        private final class Dot extends Shape { }

        // private interfaces with @Async methods, abstract and default, and an abstract one of a
        // private class: their twins dispatch to the implementation
        private interface Fetcher {
          @Async String fetch(String u);
        }
        private final class Web implements Fetcher {
          @Async public String fetch(String u) { return "web:" + await(env.task(u)); }
        }
        private final class Cache implements Fetcher {
          public String fetch(String u) { return "cache:" + u; }
        }
        private interface Named {
          @Async default String label(int n) {
            return "named" + await(org.await4j.Task.completed(n)) + name();
          }
          String name();
        }
        private static final class Plain implements Named {
          public String name() { return "plain"; }
          @Override public String label(int k) { return "own" + k; } // plain: a done task
        }
        private abstract class Job {
          @Async abstract int work(int n);
        }
        private final class Twice extends Job {
          @Async int work(int n) { return await(env.task(n)) * 2; }
        }

        @Async String interfaces(int n) {
          Fetcher[] fs = { new Web(), new Cache() };
          StringBuilder sb = new StringBuilder();
          for (Fetcher f : fs) {
            sb.append(f.fetch("u" + n)).append(',');
          }
          Named a = () -> "lambda";
          Named b = new Plain();
          Job j = new Twice();
          return sb + a.label(n) + " " + b.label(n) + " " + j.work(n);
        }

        @Async String all(int n) {
          List<Shape> shapes = List.of(new Shape(), new Circle(), new Square(), new Dot());
          StringBuilder sb = new StringBuilder();
          for (Shape s : shapes) {
            sb.append(s.twice(n)).append(' ').append(s.describe(n + 4)).append(';');
          }
          return sb.toString();
        }
      }
      """;

  /** Fields through super: a protected one of a superclass in another package, one hidden here. */
  static final String PIPE = """
      package hidden;

      import org.await4j.Async;
      import org.await4j.testing.Env;
      import static org.await4j.Await.await;

      public class Pipe extends java.io.FilterReader {
        private final Env env;
        private String lock = "mine"; // hides Reader.lock

        public Pipe(Env env) {
          super(new java.io.StringReader("abcdef"));
          this.env = env;
        }

        @Async String read(int n) throws java.io.IOException {
          char[] buf = new char[n];
          int got = super.in.read(buf);
          await(env.task(got));
          boolean sameLock = super.lock == super.in;
          super.in = new java.io.StringReader("zz");
          return got + new String(buf, 0, got) + (char) super.in.read() + sameLock + lock;
        }
      }
      """;

  static ClassLoader loader;
  static ClassLoader chainLoader;
  static ClassLoader pipeLoader;
  static ClassLoader shapesLoader;

  @BeforeAll
  static void compile() {
    loader = Harness.compileAndLoad("hidden.Crew", SOURCE);
    chainLoader = Harness.compileAndLoad("hidden.Chain", CHAIN);
    shapesLoader = Harness.compileAndLoad("hidden.Shapes", SHAPES);
    pipeLoader = Harness.compileAndLoad("hidden.Pipe", PIPE);
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 4})
  void fieldsThroughSuper(int n) {
    Differential.check(pipeLoader, "hidden.Pipe", "read", n);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void privateClassesExtendedInTheirFile(int n) {
    Differential.check(shapesLoader, "hidden.Shapes", "all", n);
    Differential.check(shapesLoader, "hidden.Shapes", "interfaces", n);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 5})
  void aGenericPrivateClassOverTheOutersTypeVariable(int n) {
    Differential.check(chainLoader, "hidden.Chain", "find", n);
    Differential.check(chainLoader, "hidden.Chain", "lambdas", n);
    Differential.check(chainLoader, "hidden.Chain", "explicit", n);
    Differential.check(chainLoader, "hidden.Chain", "wildcards", n);
  }

  @ParameterizedTest
  @ValueSource(strings = {"named", "badCast", "phases", "shifts", "signatures", "arrays",
      "patterns", "functions", "catches", "closing", "records", "fromReadme"})
  void bothWays(String method) {
    for (int n : new int[] {1, 4}) {
      Differential.check(loader, "hidden.Crew", method, n);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"named"})
  void theMachineCastsWhereJavaConverts(String method) {
    String machine = Harness.machine(Harness.compile("hidden.Crew", SOURCE), "CrewAsyncMachines", method);
    assertThat(machine).contains("start(((Runnable) a))");
    assertThat(machine).contains("PrivateCasts.cast(Hand$class, o)");
  }
}
