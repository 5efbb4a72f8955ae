package org.await4j.internal;

/**
 * What an idle event loop waits in, once something (org.await4j.io's Selector) has been installed
 * with {@link org.await4j.EventLoop#poller}; without one the loop parks its thread. Not API.
 *
 * <p>{@link #poll} runs on the loop thread only; {@link #wakeup} on any thread.
 */
public interface Poller {
  /**
   * Waits up to {@code timeoutNanos} for I/O readiness or a {@link #wakeup}, handling what became
   * ready (which may queue work on the loop). {@code 0}: only look, never wait; negative: wait
   * without a time limit.
   */
  void poll(long timeoutNanos);

  /** Makes a {@link #poll} that waits now, or the next one, return soon. Any thread. */
  void wakeup();

  /** Releases what the poller holds when its loop ends. Loop thread only. */
  void close();

  /**
   * Gives {@code sink} the tasks that wait on this poller's I/O now (reads, writes, connects, a
   * server's handlers): the end of {@code EventLoop.run} cancels the bodies that await them, as
   * asyncio.run cancels every pending task, and dumps of pending tasks find them. Loop thread only.
   */
  default void forEachWaiting(java.util.function.Consumer<org.await4j.Task<?>> sink) {}
}
