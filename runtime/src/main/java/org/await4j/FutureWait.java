package org.await4j;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * A plain {@link Future} as a task ({@link Tasks#fromFuture}). A {@code Future} tells nobody when
 * it is done, so one blocking wait runs where {@link Tasks#toThread} runs blocking code, never on
 * the loop; cancelling the task cancels the future (interrupting it, where it can be).
 */
final class FutureWait<T> extends Task<T> {
  private final Future<T> future;

  private FutureWait(Future<T> future) {
    this.future = future;
  }

  @SuppressWarnings("unchecked")
  static <T> Task<T> of(Future<T> future) {
    if (future instanceof CompletionStage) {
      return Task.from((CompletionStage<T>) future); // tells when it is done: no thread needed
    }
    FutureWait<T> t = new FutureWait<>(future);
    if (future.isDone()) {
      t.settle();
    } else {
      Tasks.toThread(() -> {
        t.settle();
        return null;
      });
    }
    return t;
  }

  /** Waits for the future (at once if it is done) and completes with its outcome. */
  private void settle() {
    boolean interrupted = false;
    for (;;) {
      try {
        succeed(future.get());
        break;
      } catch (ExecutionException e) {
        failWith(e.getCause() != null ? e.getCause() : e);
        break;
      } catch (CancellationException e) {
        failWith(e);
        break;
      } catch (InterruptedException e) {
        interrupted = true; // keep waiting: only cancelling the task ends the wait early
        if (isDone()) {
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean cancel(String message) {
    boolean cancelled = super.cancel(message);
    if (cancelled) {
      future.cancel(true); // ends the blocking wait too
    }
    return cancelled;
  }
}
