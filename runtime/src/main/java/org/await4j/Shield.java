package org.await4j;

import org.await4j.internal.TaskListener;

/**
 * {@link Tasks#shield} (asyncio's {@code shield}): a task that ends as its inner task does, but
 * whose cancellation does not reach the inner task. Cancelling it (directly, or by cancelling the
 * body that awaits it) completes it as cancelled at once; the inner task runs on.
 */
final class Shield<T> extends Combinator<T> implements TaskListener {
  private final Task<T> inner;

  private Shield(Task<T> inner) {
    this.inner = inner;
  }

  static <T> Task<T> of(Task<T> inner) {
    if (inner.isDone()) {
      return inner; // as asyncio: nothing left to protect
    }
    Shield<T> s = new Shield<>(inner);
    if (!inner.addListener(s)) {
      s.taskDone(inner);
    }
    return s;
  }

  /** Stops waiting: the inner task runs on, and no longer keeps this shield reachable. */
  @Override
  public boolean cancel(String message) {
    if (!super.cancel(message)) {
      return false;
    }
    inner.removeListener(this);
    return true;
  }

  @Override
  public void taskDone(Task<?> task) {
    Throwable failure = inner.failureOrNull();
    if (failure != null) {
      decideFailure(failure);
    } else {
      decide(inner.result());
    }
  }
}
