package org.await4j.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import org.await4j.Task;

/**
 * A task that completes with a pending {@link java.util.concurrent.CompletionStage}, shared by
 * the machines of one loop that await that same stage: a million tasks awaiting one
 * CompletableFuture register one callback with it, not a million, and each links itself into
 * this task's chain as it would into any task's (no allocation per waiter). A cancel of a
 * machine that waits here cancels the stage, as asyncio's {@code Task.cancel()} and Kotlin's
 * {@code CompletionStage.await()} cancel the future awaited (the request that {@code
 * HttpClient.sendAsync} gave stops): the machine leaves with its own cancellation, and every
 * other machine that awaits the stage gets one too. Not API.
 */
public final class StageGate extends Task<Object> implements BiConsumer<Object, Throwable> {
  private final CompletionStage<?> stage;

  public StageGate(CompletionStage<?> stage) {
    this.stage = stage;
  }

  @Override
  public void accept(Object value, Throwable failure) {
    if (failure != null) {
      Throwable f = Exceptions.unwrap(failure);
      failWith(f);
      if (!(f instanceof java.util.concurrent.CancellationException)) {
        // read: the failure is the stage's, for whoever owns it to report; nobody may ever
        // read the gate (its waiters may all have left), and it is no task of the user's
        exception();
      }
    } else {
      succeed(value);
    }
  }

  /**
   * Refused: a machine cancelled while it waits here leaves the gate and gets its own
   * cancellation at its await (see {@link #cancelStage}).
   */
  @Override
  public boolean cancel(String message) {
    return false;
  }

  /**
   * A machine that waited here was cancelled and has left: the stage is cancelled (its future,
   * if it gives one), and every other machine that awaits it gets the cancellation, with {@code
   * message}. A stage that cannot give a future is left running, and so are its other waiters.
   */
  void cancelStage(String message) {
    CompletableFuture<?> future = futureOf(stage);
    if (future != null && failWith(cancellation(message))) {
      future.cancel(false); // its callback finds the gate done
    }
  }

  /** The future that cancels {@code stage}, or null if it has none. */
  static CompletableFuture<?> futureOf(CompletionStage<?> stage) {
    try {
      return stage.toCompletableFuture();
    } catch (UnsupportedOperationException notAFuture) {
      return null;
    }
  }
}
