package org.await4j.internal;

import java.util.function.BiConsumer;
import org.await4j.Task;

/**
 * A task that completes with a pending {@link java.util.concurrent.CompletionStage}, shared by
 * the machines of one loop that await that same stage: a million tasks awaiting one
 * CompletableFuture register one callback with it, not a million, and each links itself into
 * this task's chain as it would into any task's (no allocation per waiter). The stage belongs to
 * nobody here, so a cancel never reaches it: a cancelled machine leaves the gate instead. Not API.
 */
public final class StageGate extends Task<Object> implements BiConsumer<Object, Throwable> {
  @Override
  public void accept(Object value, Throwable failure) {
    if (failure != null) {
      failWith(Exceptions.unwrap(failure));
    } else {
      succeed(value);
    }
  }

  /** Refused: the gate is shared, and the stage is not ours to cancel. */
  @Override
  public boolean cancel(String message) {
    return false;
  }
}
