package org.await4j;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A group of event loops, one per core by default, for servers that want every core (as in
 * Netty's event-loop group). Each task stays on the loop it started on: {@link #submit} picks a
 * loop round-robin and the task's body, and every body it starts, runs on that loop's thread.
 *
 * <p>{@link #close()} (or {@link #shutdown()} then {@link #awaitTermination}) stops the loops:
 * each finishes the pass it is in and closes; tasks still pending there are not run further, and
 * every future of {@link #submit} that is not complete fails with {@link IllegalStateException}
 * ("Event loop is closed"), as later submits do.
 */
public final class EventLoopGroup implements AutoCloseable {
  private final List<EventLoop> loops;
  private final AtomicInteger next = new AtomicInteger();

  /** One loop per available processor. */
  public EventLoopGroup() {
    this(Runtime.getRuntime().availableProcessors());
  }

  /** {@code size} loops, each on its own daemon thread. */
  public EventLoopGroup(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("an event-loop group needs at least one loop: " + size);
    }
    EventLoop[] started = new EventLoop[size];
    for (int i = 0; i < size; i++) {
      started[i] = EventLoop.startOnNewThread("await4j-loop-" + (i + 1));
    }
    loops = List.of(started);
  }

  /** The group's loops, in a fixed order. */
  public List<EventLoop> loops() {
    return loops;
  }

  /** The loop that the next {@link #submit} will use (round-robin). */
  public EventLoop next() {
    return loops.get(Math.floorMod(next.getAndIncrement(), loops.size()));
  }

  /**
   * Asks every loop to stop after its current pass and returns at once. Safe from any thread,
   * idempotent.
   */
  public void shutdown() {
    for (EventLoop loop : loops) {
      loop.requestStop();
    }
  }

  /** Whether every loop has stopped and closed. */
  public boolean isTerminated() {
    for (EventLoop loop : loops) {
      if (!loop.isClosed()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Waits until every loop has stopped, at most {@code timeout}; returns whether they all have.
   *
   * @throws IllegalStateException if called on one of the group's loops, which would wait for
   *     itself
   */
  public boolean awaitTermination(java.time.Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (EventLoop loop : loops) {
      if (loop.inLoop()) {
        throw new IllegalStateException("an event loop cannot wait for its own termination");
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return isTerminated();
      }
      java.util.concurrent.TimeUnit.NANOSECONDS.timedJoin(loop.thread(), left);
    }
    return isTerminated();
  }

  /**
   * {@link #shutdown()}, then waits for the loops to stop. Called from one of the group's own
   * loops, it only asks them to stop (waiting there would wait for itself).
   */
  @Override
  public void close() {
    shutdown();
    for (EventLoop loop : loops) {
      if (loop.inLoop()) {
        return;
      }
    }
    boolean interrupted = false;
    for (EventLoop loop : loops) {
      for (;;) {
        try {
          loop.thread().join();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // keep waiting: close() promises stopped loops
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Starts {@code body} on the next loop, from any thread; its outcome as a future (failed with
   * {@link IllegalStateException} once the group is shut down).
   */
  public <T> CompletableFuture<T> submit(Supplier<? extends Task<T>> body) {
    return next().submit(body);
  }
}
