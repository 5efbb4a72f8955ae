package org.await4j.processor;

import static com.google.common.truth.Truth.assertThat;

import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.await4j.EventLoop;
import org.await4j.Task;
import org.await4j.testing.Env;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SPEC.md: cancel() resumes the body at its suspension point; finally and closes run. */
class CancellationTest {
  static final String SOURCE = """
      package cancel;

      import java.util.concurrent.CancellationException;
      import java.util.concurrent.CompletableFuture;
      import org.await4j.Async;
      import org.await4j.Task;
      import org.await4j.testing.Env;
      import static org.await4j.Await.await;

      public class Cancels {
        final Env env;
        public Cancels(Env env) { this.env = env; }

        class Res implements AutoCloseable {
          public void close() { env.log("closed"); }
        }

        @Async String waits(CompletableFuture<String> never) {
          try (Res r = new Res()) {
            try {
              env.log("waiting");
              return await(never);
            } finally {
              env.log("finally " + await(env.task("cleanup awaits too")));
            }
          }
        }

        @Async String awaitsAnotherTask(CompletableFuture<String> never) {
          try {
            return waits(never);
          } catch (CancellationException e) {
            env.log("outer saw cancellation");
            throw e;
          }
        }

        @Async String canceller(CompletableFuture<String> never) {
          Task<String> t = CancelsAsync.awaitsAnotherTask(this, never);
          await(env.task("yield"));
          env.log("cancel " + t.cancel());
          try {
            return await(t);
          } catch (CancellationException e) {
            env.log("cancelled " + t.isCancelled());
            return "ok";
          }
        }
      }
      """;

  static ClassLoader loader;

  @BeforeAll
  static void compile() {
    loader = Harness.compileAndLoad("cancel.Cancels", SOURCE);
  }

  @Test
  void cancellationRunsFinallyAndClosesAndReachesTheInnermostAwait() throws Exception {
    for (Env.Mode mode : Env.Mode.values()) {
      Env env = new Env(mode);
      Object self = loader.loadClass("cancel.Cancels").getConstructor(Env.class).newInstance(env);
      Method stub = loader.loadClass("cancel.CancelsAsync")
          .getDeclaredMethod("canceller", self.getClass(), CompletableFuture.class);
      stub.setAccessible(true);
      CompletableFuture<String> never = new CompletableFuture<>();
      Object result = EventLoop.run(() -> invoke(stub, self, never));
      assertThat(result).isEqualTo("ok");
      // the stub runs the callee at once up to its first suspension, as C# does
      assertThat(env.trace).containsExactly("waiting", "task yield", "cancel true",
          "task cleanup awaits too", "finally cleanup awaits too", "closed",
          "outer saw cancellation", "cancelled true").inOrder();
    }
  }

  @Test
  void aCancelledTaskRethrowsCancellationToItsAwaiter() throws Exception {
    Env env = new Env(Env.Mode.LATER);
    Object self = loader.loadClass("cancel.Cancels").getConstructor(Env.class).newInstance(env);
    Method stub = loader.loadClass("cancel.CancelsAsync")
        .getDeclaredMethod("waits", self.getClass(), CompletableFuture.class);
    stub.setAccessible(true);
    CompletableFuture<String> never = new CompletableFuture<>();
    Task<?> task = invoke(stub, self, never); // from a plain thread: runs on the default loop
    while (!env.snapshot().contains("waiting")) {
      Thread.onSpinWait();
    }
    task.cancel(); // from another thread than the loop's
    try {
      task.join();
      throw new AssertionError("expected a CancellationException");
    } catch (CancellationException expected) {
      assertThat(task.isCancelled()).isTrue();
    }
    assertThat(env.trace).containsAtLeastElementsIn(List.of("waiting", "closed")).inOrder();
  }

  @SuppressWarnings("unchecked")
  private static <T> Task<T> invoke(Method stub, Object... args) {
    try {
      return (Task<T>) stub.invoke(null, args);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
