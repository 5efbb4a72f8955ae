package org.await4j.sync;

/**
 * The first-come, first-served queue of a primitive's waiters: an intrusive doubly linked list
 * through {@link Waiter#prev}/{@link Waiter#next}, so that queueing allocates nothing beyond the
 * waiter and a cancelled waiter leaves in O(1) from anywhere in the queue. A waiter is in at most
 * one list at a time, recorded in {@link Waiter#list}.
 */
final class WaitList<W extends Waiter<?>> {
  private Waiter<?> head;
  private Waiter<?> tail;
  private int size;

  boolean isEmpty() {
    return head == null;
  }

  int size() {
    return size;
  }

  /** Queues {@code w} last. */
  void add(W w) {
    w.list = this;
    w.prev = tail;
    w.next = null;
    if (tail == null) {
      head = w;
    } else {
      tail.next = w;
    }
    tail = w;
    size++;
  }

  /** Takes the longest waiter off the list, or returns null. */
  @SuppressWarnings("unchecked")
  W poll() {
    Waiter<?> w = head;
    if (w != null) {
      unlink(w);
    }
    return (W) w;
  }

  /** Takes {@code w} off this list; false if it is not in it. */
  boolean remove(Waiter<?> w) {
    if (w.list != this) {
      return false;
    }
    unlink(w);
    return true;
  }

  private void unlink(Waiter<?> w) {
    Waiter<?> p = w.prev;
    Waiter<?> n = w.next;
    if (p == null) {
      head = n;
    } else {
      p.next = n;
    }
    if (n == null) {
      tail = p;
    } else {
      n.prev = p;
    }
    w.prev = null;
    w.next = null;
    w.list = null;
    size--;
  }
}
