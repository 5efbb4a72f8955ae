package org.await4j.processor;

import static com.google.common.truth.Truth.assertThat;

import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import org.await4j.Task;
import org.await4j.testing.Env;
import org.junit.jupiter.api.Test;

/** A suspended or finished machine keeps nothing alive that the blocking run would have dropped. */
class RetentionTest {
  static final String SOURCE = """
      package keep;

      import java.util.concurrent.CompletableFuture;
      import org.await4j.Async;
      import org.await4j.testing.Env;
      import static org.await4j.Await.await;

      public class Keep {
        final Env env;
        public Keep(Env env) { this.env = env; }

        @Async int suspended(CompletableFuture<String> gate) {
          byte[] big = env.watch(new byte[1 << 20]);
          int n = big.length;
          {
            StringBuilder scoped = env.watch(new StringBuilder("scoped"));
            n += scoped.length();
          }
          Object operand = env.watch(new Object());
          String s = operand.hashCode() + await(env.task("x")).length() + "";
          env.log("waiting");
          String g = await(gate);
          return n + g.length() + s.length();
        }

        @Async int again(CompletableFuture<String> gate) {
          Object first = env.watch(new Object());
          int n = first.hashCode() + await(env.task("x")).length();
          first = env.watch(new Object()); // dead at the first await, live again, dead again
          n += first.hashCode();
          env.log("waiting");
          return n + await(gate).length();
        }
      }
      """;

  @Test
  void deadLocalsAreClearedBeforeTheMachineWaitsAndWhenItEnds() throws Exception {
    whileWaitingNothingWatchedIsKept("suspended", 3);
  }

  @Test
  void aLocalDeadAgainAtALaterAwaitIsNotKeptThere() throws Exception {
    whileWaitingNothingWatchedIsKept("again", 2);
  }

  /**
   * Starts {@code method} of the source through its twin, on the default loop; once it waits at
   * its gate, each of the {@code watched} objects it made must be collectable; then lets it end.
   */
  private static void whileWaitingNothingWatchedIsKept(String method, int watched)
      throws Exception {
    ClassLoader loader = Harness.compileAndLoad("keep.Keep", SOURCE);
    Env env = new Env(Env.Mode.LATER);
    Object self = loader.loadClass("keep.Keep").getConstructor(Env.class).newInstance(env);
    Method stub = loader.loadClass("keep.KeepAsync")
        .getDeclaredMethod(method, self.getClass(), CompletableFuture.class);
    stub.setAccessible(true);
    CompletableFuture<String> gate = new CompletableFuture<>();
    Task<?> task = (Task<?>) stub.invoke(null, self, gate); // on the default loop
    while (!env.snapshot().contains("waiting")) {
      Thread.onSpinWait();
    }
    assertThat(env.watched).hasSize(watched);
    for (WeakReference<Object> ref : env.watched) {
      awaitCollected(ref);
    }
    gate.complete("done");
    assertThat(task.join()).isNotNull();
  }

  private static void awaitCollected(WeakReference<Object> ref) throws InterruptedException {
    for (int i = 0; i < 50 && ref.get() != null; i++) {
      System.gc();
      Thread.sleep(10);
    }
    assertThat(ref.get()).isNull();
  }
}
