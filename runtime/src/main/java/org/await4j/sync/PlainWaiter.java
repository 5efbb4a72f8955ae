package org.await4j.sync;

import org.await4j.EventLoop;

/**
 * A waiter with nothing to give back: the waits of {@link Event}, {@link Barrier} and {@link
 * AsyncQueue#join()}. Cancelled while waiting, it just leaves its list.
 */
final class PlainWaiter<T> extends Waiter<T> {
  private final boolean counted;

  PlainWaiter(EventLoop loop) {
    this(loop, false);
  }

  /**
   * {@code counted}: the primitive counts its list (a barrier's round), so a cancel from another
   * thread must leave the list on the loop before it takes effect, or a round could fill with it.
   */
  PlainWaiter(EventLoop loop, boolean counted) {
    super(loop);
    this.counted = counted;
  }

  @Override
  boolean cancelsAtOnce() {
    return !counted;
  }
}
