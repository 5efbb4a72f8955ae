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
 * machine that waits here cancels the stage, as asyncio's {@code Task.cancel()} cancels the
 * future the task awaits (the request that {@code HttpClient.sendAsync} gave stops): every
 * machine that awaits it gets the cancellation. A stage that cannot be cancelled refuses it,
 * and the cancelled machine leaves the gate instead. Not API.
 */
public final class StageGate extends Task<Object> implements BiConsumer<Object, Throwable> {
  private final CompletionStage<?> stage;

  public StageGate(CompletionStage<?> stage) {
    this.stage = stage;
  }

  @Override
  public void accept(Object value, Throwable failure) {
    if (failure != null) {
      failWith(Exceptions.unwrap(failure));
    } else {
      succeed(value);
    }
  }

  @Override
  public boolean cancel(String message) {
    CompletableFuture<?> future = futureOf(stage);
    if (future == null || !super.cancel(message)) {
      return false;
    }
    future.cancel(false); // its callback finds the gate done: the waiters have the message
    return true;
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
