package org.await4j.processor;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code @Async} on abstract methods of interfaces and abstract classes (generic ones too): the
 * twin starts the receiver's implementation, its machine if it is {@code @Async}, its plain body
 * if not; a call in an {@code @Async} body suspends on it; blocking calls stay virtual calls.
 * Implementations that are @Async await a yield, which would throw if run blocking on the loop.
 */
class AbstractMethodsTest {
  static final String SOURCE = """
      package abs;

      import java.io.IOException;
      import java.util.ArrayList;
      import java.util.List;
      import org.await4j.Async;
      import org.await4j.EventLoop;
      import org.await4j.Task;
      import org.await4j.Tasks;
      import static org.await4j.Await.await;

      interface Fetcher { @Async String fetch(String url) throws IOException; }
      interface Gen<T> { @Async T get(T x); }
      abstract class Shape { @Async abstract int area(int k); }

      public class Uses {
        static class AsyncFetcher implements Fetcher {
          @Async public String fetch(String url) throws IOException {
            await(Tasks.yieldNow());
            if (url.isEmpty()) throw new IOException("empty url");
            return "A:" + url;
          }
        }
        static class PlainFetcher implements Fetcher { public String fetch(String url) { return "P:" + url; } }
        static class Inheriting extends AsyncFetcher {}
        static class GenImpl implements Gen<String> {
          @Async public String get(String x) { await(Tasks.yieldNow()); return x + "!"; }
        }
        static class GenPlain implements Gen<Integer> { public Integer get(Integer x) { return x + 1; } }
        static class Square extends Shape { @Async int area(int k) { await(Tasks.yieldNow()); return k * k; } }
        static class Circle extends Shape { int area(int k) { return 3 * k * k; } }

        @Async static String all(List<Fetcher> fs, String u) throws IOException {
          StringBuilder b = new StringBuilder();
          for (Fetcher f : fs) b.append(f.fetch(u)).append(' ');
          return b.toString();
        }
        @Async static <T> T viaGen(Gen<T> g, T x) { return g.get(x); }
        @Async static int areas(List<Shape> s) { int t = 0; for (Shape x : s) t += x.area(3); return t; }

        static List<Fetcher> fetchers() {
          return List.of(new AsyncFetcher(), new PlainFetcher(), new Inheriting(), u -> "L:" + u);
        }

        /** The same calls blocking (off the loop) and through the twins on a loop. */
        public static List<String> run() throws Exception {
          List<String> out = new ArrayList<>();
          out.add(all(fetchers(), "u") + "| " + EventLoop.run(() -> UsesAsync.all(fetchers(), "u")));
          try {
            EventLoop.run(() -> UsesAsync.all(fetchers(), ""));
          } catch (Exception e) { // EventLoop.run rethrows the checked IOException unchanged
            out.add("async " + e.getClass().getSimpleName() + " " + e.getMessage());
          }
          out.add(viaGen(new GenImpl(), "g") + viaGen(new GenPlain(), 1) + " | "
              + EventLoop.run(() -> UsesAsync.viaGen(new GenImpl(), "g"))
              + EventLoop.run(() -> UsesAsync.viaGen(new GenPlain(), 1)));
          out.add(areas(List.of(new Square(), new Circle())) + " | "
              + EventLoop.run(() -> UsesAsync.areas(List.of(new Square(), new Circle()))));
          Task<String> direct = EventLoop.run(() -> Task.completed(FetcherAsync.fetch(new PlainFetcher(), "d")));
          out.add(EventLoop.run(() -> FetcherAsync.fetch(new AsyncFetcher(), "d")) + " " + direct.result());
          return out;
        }
      }
      """;

  static ClassLoader loader;

  @BeforeAll
  static void compile() {
    loader = Harness.compileAndLoad("abs.Uses", SOURCE);
  }

  @Test
  void twinsOfAbstractMethodsStartTheImplementation() throws Exception {
    Object out = loader.loadClass("abs.Uses").getMethod("run").invoke(null);
    assertThat(out.toString()).isEqualTo("[A:u P:u A:u L:u | A:u P:u A:u L:u , async IOException empty url,"
        + " g!2 | g!2, 36 | 36, A:d P:d]");
  }
}
