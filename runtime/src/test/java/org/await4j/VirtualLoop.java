package org.await4j;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * An event loop on the test's thread with a clock that moves only when told to, or, in {@link
 * #runUntil}, jumps to the next timer when nothing else is ready (virtual time, as Kotlin's
 * runTest). Bound as the thread's current loop until {@link #close()}, so that machines start on
 * it and {@link Task#current()} works.
 */
final class VirtualLoop implements AutoCloseable {
  final ManualTicker ticker = new ManualTicker();
  final EventLoop loop = ticker.loopOnThisThread();
  private final long start = ticker.nanoTime();

  VirtualLoop() {
    EventLoop.bindToCurrentThread(loop);
  }

  /** One pass at the current time. */
  void pass() {
    loop.runOnce(false);
  }

  /** Moves the clock, then runs one pass. */
  void advance(Duration d) {
    ticker.advance(d);
    loop.runOnce(false);
  }

  /** Runs passes until nothing is ready, without moving the clock. */
  void runReady() {
    int passes = 0;
    while (loop.hasReadyWork()) {
      loop.runOnce(false);
      if (++passes > 1_000_000) {
        throw new AssertionError("the loop never went idle");
      }
    }
  }

  /** Runs passes, jumping the clock to the next timer when idle, until {@code done} holds. */
  void runUntil(BooleanSupplier done) {
    int passes = 0;
    while (!done.getAsBoolean()) {
      if (!loop.hasReadyWork()) {
        long next = loop.nextTimerDeadline();
        if (next == Long.MAX_VALUE) {
          throw new AssertionError("nothing left to run, and the condition does not hold");
        }
        long now = ticker.nanoTime();
        if (next - now > 0) {
          ticker.advance(Duration.ofNanos(next - now));
        }
      }
      loop.runOnce(false);
      if (++passes > 1_000_000) {
        throw new AssertionError("the condition never held");
      }
    }
  }

  /** Runs until {@code task} is done (virtual time) and returns its result. */
  <T> T run(Task<T> task) {
    runUntil(task::isDone);
    return task.result();
  }

  /** Runs every timer and callback there is (virtual time). */
  void runAll() {
    runUntil(() -> !loop.hasWork());
  }

  /** Virtual milliseconds since the loop was made. */
  long nowMillis() {
    return (ticker.nanoTime() - start) / 1_000_000;
  }

  @Override
  public void close() {
    EventLoop.bindToCurrentThread(null);
  }
}
