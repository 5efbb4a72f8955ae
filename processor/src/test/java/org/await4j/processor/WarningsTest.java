package org.await4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Valid code that compiles but whose awaits would fail on a loop, because Java calls an @Async
 * method there as a plain method (round 18): a warning at the line, which
 * {@code @SuppressWarnings("await4j")} silences.
 */
class WarningsTest {
  static final String SOURCE = """
      package app;

      import org.await4j.Async;
      import org.await4j.Task;
      import static org.await4j.Await.await;

      public class Repos {
        interface Repo { String load(int id); }

        static class DbRepo implements Repo {
          @Async public String load(int id) { return "row" + await(Task.completed(id)); }
        }

        // a paging cursor: the enhanced for calls hasNext() and next() as plain methods
        static class Cursor {
          int page;
          @Async public boolean hasNext() { return await(Task.completed(page < 2)); }
          @Async public String next() { return "p" + page++; }
        }

        static class Pages {
          Cursor iterator() { return new Cursor(); }
        }

        @Async static String use(Task<Integer> t) {
          StringBuilder b = new StringBuilder();
          Cursor c = new Cursor();
          while (c.hasNext()) {
            b.append(c.next()).append(await(t));
          }
          return b.toString();
        }

        @Async static String loop(Pages pages, Task<Integer> t) {
          String s = "";
          for (Cursor c = pages.iterator(); c.hasNext(); ) {
            s += c.next() + await(t);
          }
          return s;
        }

        static class Iterated implements Iterable<String> {
          public Cursor2 iterator() { return new Cursor2(); }
        }

        static class Cursor2 implements java.util.Iterator<String> {
          int page;
          @Async public boolean hasNext() { return await(Task.completed(page < 2)); }
          public String next() { return "p" + page++; }
        }

        @Async static String each(Task<Integer> t) {
          String s = "";
          for (String page : new Iterated()) {
            s += page + await(t);
          }
          return s;
        }

        @SuppressWarnings("await4j")
        static class Quiet implements Repo {
          @Async public String load(int id) { return "q" + await(Task.completed(id)); }
        }
      }
      """;

  @Test
  void anAsyncMethodThatJavaCallsAsAPlainOneIsWarnedOf() {
    Compilation c = Harness.compile("app.Repos", SOURCE);
    assertWithMessage(Harness.describe(c)).that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
    List<String> warnings = c.warnings().stream()
        .filter(d -> d.getMessage(null).contains("[await4j:"))
        .map(d -> d.getLineNumber() + " " + d.getMessage(null))
        .collect(Collectors.toList());
    // each once (not again in a later round), none for Quiet, none for the regular for loop
    assertThat(warnings.stream().map(w -> w.substring(0, w.indexOf(']') + 1)))
        .containsExactly("11 [await4j:OverridesPlainMethod]", "48 [await4j:OverridesPlainMethod]",
            "54 [await4j:ImplicitCallOfAsync]").inOrder();
    assertThat(warnings.get(0)).contains("Repo.load is not @Async");
    assertThat(warnings.get(1)).contains("Iterator.hasNext is not @Async");
    assertThat(warnings.get(2)).contains("Cursor2.hasNext() is @Async");
  }
}
