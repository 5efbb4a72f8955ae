package org.await4j;

import java.util.function.Supplier;

/**
 * Runs a task like {@link EventLoop#run}, on the calling thread, but on virtual time: when nothing
 * is ready, the clock jumps to the next timer instead of waiting (Kotlin's {@code runTest}). A
 * test of timeouts, sleeps and races is then exact and instant. Work handed over by other threads
 * is still waited for, with the clock standing still.
 */
public final class VirtualTime {
  private long now = 1_000_000_000L;
  private final long start = now;

  /** Runs {@code main} on a new loop with this clock until its task is done. */
  public <T> T run(Supplier<Task<T>> main) {
    if (EventLoop.current() != null) {
      throw new IllegalStateException("already on a loop");
    }
    EventLoop loop = new EventLoop(Thread.currentThread(), () -> now);
    EventLoop.bindToCurrentThread(loop);
    try {
      Task<T> task = main.get();
      task.addListener(done -> loop.execute(() -> {}));
      while (!task.isDone()) {
        if (!loop.hasReadyWork()) {
          long next = loop.nextTimerDeadline();
          if (next != Long.MAX_VALUE && next - now > 0) {
            now = next; // nothing to do until then: jump
          }
        }
        loop.runOnce(true); // parks only when there is no timer and nothing ready
      }
      return task.result();
    } finally {
      EventLoop.bindToCurrentThread(null);
    }
  }

  /** Virtual milliseconds since this clock was made. */
  public long elapsedMillis() {
    return (now - start) / 1_000_000;
  }
}
