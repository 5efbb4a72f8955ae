package org.await4j;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when the test says so (netty's MockTicker). */
final class ManualTicker implements EventLoop.Ticker {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  @Override
  public long nanoTime() {
    return now.get();
  }

  void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  /** A loop on the calling thread, driven by {@link EventLoop#runOnce(boolean)}, never parked. */
  EventLoop loopOnThisThread() {
    return new EventLoop(Thread.currentThread(), this);
  }
}
