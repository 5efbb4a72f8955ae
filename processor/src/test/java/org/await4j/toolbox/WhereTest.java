package org.await4j.toolbox;

import static com.google.common.truth.Truth.assertThat;

import java.util.concurrent.CompletableFuture;
import org.await4j.Task;
import org.junit.jupiter.api.Test;

/** A pending task says where its body is suspended: the source method and line. */
class WhereTest {
  static final Compiled CODE = Compiled.of("where.Work", """
      package where;

      import java.util.concurrent.CompletableFuture;
      import org.await4j.Async;
      import static org.await4j.Await.await;

      public class Work {
        public Work() {}

        @Async String waiting(CompletableFuture<String> gate) {
          String a = "first";
          String b = await(gate);
          return a + b;
        }
      }
      """);

  @Test
  void aPendingTaskNamesItsSourceLine() throws Exception {
    Object self = CODE.newInstance();
    CompletableFuture<String> gate = new CompletableFuture<>();
    Task<String> task = CODE.start(self, "waiting", gate); // from a plain thread: default loop
    for (int i = 0; i < 1000 && !task.toString().contains("line 12"); i++) {
      Thread.sleep(2);
    }
    assertThat(task.toString()).contains("pending at Work.waiting, line 12");
    gate.complete("!");
    assertThat(task.join()).isEqualTo("first!");
  }
}
