package org.await4j.sync;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Iterator;

/**
 * A last-in, first-out {@link AsyncQueue}: asyncio's {@code asyncio.LifoQueue}. Everything but
 * the order is as in {@link AsyncQueue}; a cancelled getter's item goes back on top.
 *
 * @param <E> the item type
 */
public final class AsyncLifoQueue<E> extends AsyncQueue<E> {
  /** An unbounded stack. */
  public AsyncLifoQueue() {
    this(0);
  }

  /** A stack of at most {@code maxSize} items; 0 or less means unbounded. */
  public AsyncLifoQueue(int maxSize) {
    super(maxSize, Collections.asLifoQueue(new ArrayDeque<>()));
  }

  @Override
  void restore(E item) {
    items.add(item);
  }

  @Override
  Iterator<E> newestFirst() {
    return items.iterator();
  }
}
