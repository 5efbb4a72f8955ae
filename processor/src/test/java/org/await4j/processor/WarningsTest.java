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

        static class Conn implements AutoCloseable {
          @Async public void close() { await(Task.completed(0)); }
        }

        @Async static String use(Task<Integer> t) {
          try (Conn c = new Conn()) {
            return "used " + await(t);
          }
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
    // each once (not again in a later round), and none for Quiet
    assertWithMessage(String.join("\n", warnings)).that(warnings).hasSize(3);
    assertThat(warnings.get(0)).startsWith("11 [await4j:OverridesPlainMethod] Repo.load is not @Async");
    assertThat(warnings.get(1)).startsWith("15 [await4j:OverridesPlainMethod] AutoCloseable.close");
    assertThat(warnings.get(2)).startsWith("19 [await4j:ImplicitCallOfAsync] Conn.close() is @Async");
  }
}
