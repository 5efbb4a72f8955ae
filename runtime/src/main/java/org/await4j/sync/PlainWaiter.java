package org.await4j.sync;

import org.await4j.EventLoop;

/**
 * A waiter with nothing to give back: the waits of {@link Event}, {@link Barrier} and {@link
 * AsyncQueue#join()}. Cancelled while waiting, it just leaves its list.
 */
final class PlainWaiter<T> extends Waiter<T> {
  PlainWaiter(EventLoop loop) {
    super(loop);
  }
}
