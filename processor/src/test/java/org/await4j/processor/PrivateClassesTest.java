package org.await4j.processor;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code @Async} methods of private nested classes, and bodies that use such classes through
 * {@code var} locals, fields and collections: the generated classes cannot name them, so their
 * twins take {@code self} as an Object and everything reaches them through accessors. Each body
 * runs blocking and as a machine alike.
 */
class PrivateClassesTest {
  static final String SOURCE = """
      package hidden;

      import java.util.ArrayList;
      import java.util.List;
      import org.await4j.Async;
      import org.await4j.testing.Env;
      import static org.await4j.Await.await;

      public class Shop {
        private final Env env;
        private int total;
        private final Worker worker;
        private final Counter counter;
        final List<Worker> crew = new ArrayList<>();

        public Shop(Env env) {
          this.env = env;
          this.worker = new Worker(env, "w");
          this.counter = new Counter();
        }

        static class Base {
          int base = 1;
          int scaled(int x) { return 2 * x + base; }
        }

        // a private class whose @Async methods use its own members, inherited ones, and itself
        private static class Worker extends Base {
          private final Env env;
          private int done;
          final String name;

          Worker(Env env, String name) { this.env = env; this.name = name; }

          private int bump(int k) { return done += k; }

          @Async int work(int x) {
            int y = await(env.task(x));
            done++;
            bump(y);
            base += scaled(y);
            if (y < 0) {
              throw new IllegalStateException("negative " + y);
            }
            return y + done + base + name.length() + (this == null ? 1 : 0);
          }

          @Async String twice(int x) { return work(x) + "/" + this.work(x + 1) + "/" + done; }
        }

        // a private inner class: the shop's members through its enclosing instance
        private class Counter {
          private int seen;

          @Async String count(int x) {
            seen += await(env.task(x));
            total += seen;
            return "c" + seen + Shop.this.total;
          }
        }

        // a private generic class: its members on self keep the class's type arguments
        private static final class Shelf<T> extends java.util.AbstractList<T> {
          private final List<T> items = new ArrayList<>();
          private final Env env;

          Shelf(Env env) { this.env = env; }

          @Override public T get(int i) { return items.get(i); }

          @Override public int size() { return items.size(); }

          @Async T stock(T item) {
            items.add(await(env.task(item)));
            java.util.function.Consumer<? super T> keep = x -> env.log("kept", x);
            keep.accept(items.get(0));
            return get(size() - 1);
          }
        }

        // a private class's super calls: the superclass's method, on a generic superclass
        private static final class Pile<T> extends ArrayList<T> {
          private final Env env;
          Pile(Env env) { this.env = env; }
          @Override public int size() { return super.size() + 100; }
          @Async String depth(T top) {
            super.add(await(env.task(top)));
            java.util.Iterator<T> it = super.iterator();
            return it.next() + ":" + super.size() + ":" + size();
          }
        }

        abstract static class Style {
          @Async String start(int n) { return "[" + await(env().task(n)); }
          abstract Env env();
        }

        // a private subclass calls the @Async method it inherits
        private static final class Json extends Style {
          private final Env env;
          Json(Env env) { this.env = env; }
          @Override Env env() { return env; }
          @Async String render(int n) { return start(n) + this.start(n + 1) + "]"; }
        }

        static Style style(Env env) { return new Json(env); }

        // the shop's own body holds private-class values in a var, a field and a list
        @Async String run(int n) {
          var local = new Worker(env, "local");
          int a = local.work(await(env.task(n)));
          int b = worker.work(n + 1);
          String c = worker.twice(n + 2);
          crew.add(local);
          int d = crew.get(0).work(1);
          String e = counter.count(n) + counter.count(1);
          var shelf = new Shelf<String>(env);
          String f = shelf.stock("a" + await(env.task(n))) + shelf.stock("b") + shelf.size();
          java.util.List<String> asList = new Shelf<>(env); // held as its nameable supertype
          var json = new Json(env);
          Style styled = new Json(env);
          var fresh = new Counter(); // a private inner class's constructor: this shop goes first
          e += fresh.count(await(env.task(5))) + this.new Counter().count(6);
          e += f + asList.size() + json.render(n) + styled.start(2) + new Pile<String>(env).depth("t");
          return a + "," + b + "," + c + "," + d + "," + local.done + "," + worker.done + ","
              + e + "," + counter.seen + "," + total;
        }
      }
      """;

  /** commons-collections4's AbstractPatriciaTrie shape: private inner classes of a generic class. */
  static final String TRIE = """
      package hidden;

      import java.util.HashMap;
      import java.util.Iterator;
      import java.util.Map;
      import java.util.Set;
      import org.await4j.Async;
      import org.await4j.testing.Env;
      import static org.await4j.Await.await;

      public class Trie<K, V> {
        private final Env env;
        final Map<K, V> backing = new HashMap<>();
        private final PrefixRangeMap range = new PrefixRangeMap();

        public Trie(Env env) { this.env = env; }

        private abstract class RangeMap extends HashMap<K, V> {
          @Override public Set<Map.Entry<K, V>> entrySet() { return super.entrySet(); }
        }

        private final class PrefixRangeMap extends RangeMap {
          @Override public Set<Map.Entry<K, V>> entrySet() { return backing.entrySet(); }

          @Async int fixup() {
            int n = 0;
            Iterator<Map.Entry<K, V>> it = super.entrySet().iterator();
            while (it.hasNext()) {
              n += await(env.task(it.next().getKey().hashCode() % 7));
            }
            return n + size() + entrySet().size();
          }
        }

        @SuppressWarnings("unchecked")
        @Async int run() {
          backing.put((K) "a", (V) "1");
          range.put((K) "b", (V) "2");
          range.put((K) "c", (V) "3");
          return await(env.task(1)) + range.fixup();
        }
      }
      """;

  static ClassLoader loader;
  static ClassLoader trieLoader;

  @BeforeAll
  static void compile() {
    loader = Harness.compileAndLoad("hidden.Shop", SOURCE);
    trieLoader = Harness.compileAndLoad("hidden.Trie", TRIE);
  }

  @Test
  void superCallsOfAPrivateInnerClassOfAGenericClass() {
    Differential.check(trieLoader, "hidden.Trie", "run");
  }

  @ParameterizedTest
  @ValueSource(ints = {2, -3})
  void privateClassesBothWays(int n) {
    Differential.check(loader, "hidden.Shop", "run", n);
  }

  @Test
  void theTwinTakesThePrivateClassAsAnObject() {
    String twin = Harness.generated(Harness.compile("hidden.Shop", SOURCE), "Shop_WorkerAsync");
    assertThat(twin).contains("static Task<Integer> work(Object self, int x)");
    assertThat(twin).doesNotContain("Overrides");
  }
}
