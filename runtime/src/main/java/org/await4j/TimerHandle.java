package org.await4j;

/**
 * A callback scheduled by {@link EventLoop#callLater} or {@link EventLoop#callAt} (asyncio's
 * {@code TimerHandle}): it can be cancelled until it has run.
 */
public final class TimerHandle {
  private final EventLoop.Timer timer;
  private final long when;

  TimerHandle(EventLoop.Timer timer, long when) {
    this.timer = timer;
    this.when = when;
  }

  /**
   * Cancels the callback if it has not run yet; its timer leaves the loop (from any thread).
   *
   * @return false if it had run or was cancelled already
   */
  public boolean cancel() {
    return timer.cancel();
  }

  /** Whether {@link #cancel()} stopped it. */
  public boolean isCancelled() {
    return timer.isCancelled();
  }

  /** When it is due, on the loop's clock ({@link EventLoop#time()}), asyncio's {@code when()}. */
  public long when() {
    return when;
  }

  @Override
  public String toString() {
    return "TimerHandle[when=" + when + (timer.isCancelled() ? ", cancelled"
        : timer.isDone() ? ", done" : "") + "]";
  }
}
