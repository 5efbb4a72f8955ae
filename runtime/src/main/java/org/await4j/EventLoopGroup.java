package org.await4j;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A group of event loops, one per core by default, for servers that want every core (as in
 * Netty's event-loop group). Each task stays on the loop it started on: {@link #submit} picks a
 * loop round-robin and the task's body, and every body it starts, runs on that loop's thread.
 */
public final class EventLoopGroup {
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

  /** Starts {@code body} on the next loop, from any thread; its outcome as a future. */
  public <T> CompletableFuture<T> submit(Supplier<? extends Task<T>> body) {
    return next().submit(body);
  }
}
