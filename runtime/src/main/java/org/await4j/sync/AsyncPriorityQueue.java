package org.await4j.sync;

import java.util.Comparator;
import java.util.Iterator;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * An {@link AsyncQueue} that yields its least item first: asyncio's {@code
 * asyncio.PriorityQueue}. Items compare by their natural order or by a {@link Comparator}.
 * Everything but the order is as in {@link AsyncQueue}.
 *
 * <p>Items that compare equal come out in no particular order, as with asyncio's {@code heapq}:
 * to keep them first-in, first-out, add a sequence number to the key.
 *
 * @param <E> the item type
 */
public final class AsyncPriorityQueue<E> extends AsyncQueue<E> {
  private final boolean natural;

  /** An unbounded queue of {@link Comparable} items. */
  public AsyncPriorityQueue() {
    this(0);
  }

  /** A queue of at most {@code maxSize} {@link Comparable} items; 0 or less means unbounded. */
  public AsyncPriorityQueue(int maxSize) {
    super(maxSize, new PriorityQueue<>());
    this.natural = true;
  }

  /** A queue of at most {@code maxSize} items in {@code order}; 0 or less means unbounded. */
  public AsyncPriorityQueue(int maxSize, Comparator<? super E> order) {
    super(maxSize, new PriorityQueue<>(Objects.requireNonNull(order, "order")));
    this.natural = false;
  }

  /** Fails at once for an item without a natural order, whether or not a getter waits. */
  @Override
  void check(E item) {
    super.check(item);
    if (natural && !(item instanceof Comparable)) {
      throw new ClassCastException(item.getClass().getName() + " is not Comparable: give the"
          + " AsyncPriorityQueue a Comparator");
    }
  }

  @Override
  void restore(E item) {
    items.add(item);
  }

  @Override
  Iterator<E> newestFirst() {
    return items.iterator(); // no order to keep: any occurrence
  }
}
