package org.await4j;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import org.await4j.internal.AsyncStackTraces;
import org.await4j.internal.TaskListener;

/**
 * {@link Tasks#withTimeout} (asyncio's {@code wait_for}): ends as its task does; if the timeout
 * passes first, cancels the task and, once the task has ended cancelled, fails with a {@link
 * TimeoutException} (whose cause is the task's cancellation). A task that ignores the
 * cancellation and returns a value gives that value, as in asyncio.
 *
 * <p>A timeout of zero or less cancels the task at once (asyncio's {@code wait_for(t, 0)}): one
 * spawned but not started yet never runs. A task already done gives its outcome.
 *
 * <p>When the task completes in the same loop pass as the deadline, whichever runs first wins:
 * the completion gives its value, the deadline a timeout. Cancelling this task cancels the task it
 * waits for; it ends when that task ends.
 */
final class WithTimeout<T> extends Task<T> implements TaskListener {
  private final Task<T> task;
  private final Duration timeout;
  /** null if the timeout was zero or less: expired from the start. */
  private final EventLoop.Timer timer;
  private volatile boolean expired;

  private WithTimeout(Task<T> task, Duration timeout, boolean expiredNow) {
    this.task = task;
    this.timeout = timeout;
    this.expired = expiredNow;
    this.timer = expiredNow ? null : EventLoop.currentOrDefault().timer(timeout);
  }

  static <T> Task<T> start(Task<T> task, Duration timeout) {
    if (task.isDone()) {
      return task;
    }
    boolean now = timeout.isNegative() || timeout.isZero();
    WithTimeout<T> w = new WithTimeout<>(task, timeout, now);
    if (!now) {
      w.timer.addListener(w::timerDone);
    }
    if (!task.addListener(w)) {
      w.taskDone(task);
    } else if (now) {
      task.cancel();
    }
    return w;
  }

  private void timerDone(Task<?> t) {
    if (t.isCancelled() || task.isDone()) {
      return;
    }
    expired = true;
    task.cancel();
  }

  @Override
  public void taskDone(Task<?> t) {
    if (timer != null) {
      timer.cancelQuietly(); // its own: nobody reads why
    }
    Throwable failure = task.failureOrNull();
    if (failure == null) {
      succeed(task.result());
    } else if (expired && failure instanceof CancellationException) {
      // made as the task it cut short ends, maybe in that task's step: it reads as the loop's
      TimeoutException timedOut = AsyncStackTraces.madeByTheLoop(
          new TimeoutException("timed out after " + timeout.toMillis() + " ms"));
      timedOut.initCause(failure);
      failWith(timedOut);
    } else {
      failWith(failure);
    }
  }

  /** Cancels the task it waits for; ends when that task has ended. */
  @Override
  public boolean cancel(String message) {
    if (isDone()) {
      return false;
    }
    if (timer != null) {
      timer.cancelQuietly(); // its own: nobody reads why
    }
    task.cancel(message);
    return true;
  }
}
