package org.await4j.sync;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Objects;
import org.await4j.EventLoop;
import org.await4j.Task;

/**
 * A first-in, first-out queue between the tasks of one event loop: asyncio's {@code
 * asyncio.Queue} (Kotlin's {@code Channel}). {@link AsyncLifoQueue} and {@link
 * AsyncPriorityQueue} take items out in another order, as asyncio's {@code LifoQueue} and {@code
 * PriorityQueue} do. (Prefixed with {@code Async} so as not to clash with {@code java.util}.)
 *
 * <pre>{@code
 * AsyncQueue<Job> jobs = new AsyncQueue<>(100);   // at most 100 items; 0 or less: no limit
 * // producer                          // consumer
 * await(jobs.put(job));                Job j = await(jobs.get());
 *                                      try { run(j); } finally { jobs.taskDone(); }
 * await(jobs.join());   // every item put has been taken and marked done
 * }</pre>
 *
 * <p>{@link #put} waits while the queue is full, {@link #get} while it is empty; {@link
 * #putNow}/{@link #getNow} never wait and throw {@link QueueFullException}/{@link
 * QueueEmptyException} instead. Items may not be null.
 *
 * <p><b>As asyncio's.</b> An item put while tasks wait in {@code get()} wakes the longest of them,
 * and stays in the queue until that body resumes: {@link #size()} counts it, {@link #getNow()}
 * may take it, and the woken body takes the item that is first (for a priority queue: the best;
 * for a LIFO queue: the newest) when it resumes; if none is left by then, it waits again, last in
 * line, as asyncio's {@code get()} loops. Room freed while tasks wait in {@code put()} wakes the
 * longest of them the same way: its item enters when its body resumes, if there is still room.
 * (A wait awaited by anything but one {@code @Async} body, such as a combinator, is handed its
 * item, or its room, at once instead: nothing would take it at a resumption.)
 *
 * <p><b>Cancellation-safe.</b> A cancelled waiter leaves the queue: a cancelled {@code get()}
 * takes no item, a cancelled {@code put()} puts none. A woken waiter that is cancelled before its
 * body resumed passes the wake on to the next one, while there is something to take (or room).
 * A getter handed an item at once and cancelled before its body resumed puts it back at the front
 * of the queue for the next getter. A putter whose item went in at once, cancelled before its body
 * resumed, takes the item back out and passes the room on, unless a getter has received the item
 * already: then the put stands, and only its body sees the cancellation (as with Kotlin's {@code
 * Channel.send}).
 *
 * <p><b>Counting.</b> {@link #size()} counts the items in the queue, including those handed at
 * once to waiting getters whose bodies have not resumed yet; {@link #getNow()} cannot take those.
 *
 * <p><b>Loop-confined.</b> The queue belongs to the event loop it is first used on; its operations
 * throw {@link IllegalStateException} on any other loop or thread. The queries may be read anywhere
 * (from another thread they may be stale).
 *
 * @param <E> the item type
 */
public sealed class AsyncQueue<E> permits AsyncLifoQueue, AsyncPriorityQueue {
  private final int maxSize;
  final java.util.Queue<E> items;
  private final WaitList<Getter<E>> getters = new WaitList<>();
  private final WaitList<Putter<E>> putters = new WaitList<>();
  private WaitList<PlainWaiter<Void>> joiners = new WaitList<>();
  private EventLoop loop;
  /** Items handed to getters whose bodies have not resumed yet. */
  private int promised;
  /** Items put and not yet marked done (asyncio's unfinished tasks). */
  private int unfinished;

  /** An unbounded queue (asyncio {@code Queue()}). */
  public AsyncQueue() {
    this(0);
  }

  /** A queue of at most {@code maxSize} items; 0 or less means unbounded, as in asyncio. */
  public AsyncQueue(int maxSize) {
    this(maxSize, new ArrayDeque<>());
  }

  AsyncQueue(int maxSize, java.util.Queue<E> items) {
    this.maxSize = maxSize;
    this.items = items;
  }

  /**
   * Puts {@code item} in the queue (asyncio {@code await queue.put(item)}): a done task if there
   * is room and no other putter waits, else a task that completes once the item is in.
   */
  public final Task<Void> put(E item) {
    check(item);
    EventLoop l = loop();
    if (putters.isEmpty() && !isFull()) {
      enter(item);
      return Waiter.DONE;
    }
    Putter<E> p = new Putter<>(l, this, item);
    putters.add(p);
    return p;
  }

  /**
   * Puts {@code item} without waiting (asyncio {@code queue.put_nowait(item)}).
   *
   * @throws QueueFullException if {@link #put} would wait
   */
  public final void putNow(E item) {
    check(item);
    loop();
    if (!putters.isEmpty() || isFull()) {
      throw new QueueFullException("the queue is full (maxSize " + maxSize + ")");
    }
    enter(item);
  }

  /**
   * Takes the next item (asyncio {@code await queue.get()}): a done task if one is there, else a
   * task that completes with the item handed to this caller.
   */
  public final Task<E> get() {
    EventLoop l = loop();
    if (!items.isEmpty()) {
      return Task.completed(take());
    }
    Getter<E> g = new Getter<>(l, this);
    getters.add(g);
    return g;
  }

  /**
   * Takes the next item without waiting (asyncio {@code queue.get_nowait()}).
   *
   * @throws QueueEmptyException if no item is there to take (items already handed to waiting
   *     getters are theirs)
   */
  public final E getNow() {
    loop();
    if (items.isEmpty()) {
      throw new QueueEmptyException("the queue is empty");
    }
    return take();
  }

  /**
   * Marks an item taken from the queue as processed (asyncio {@code queue.task_done()}); when
   * every item put has been marked, {@link #join()} completes.
   *
   * @throws IllegalStateException if called more times than items were put
   */
  public final void taskDone() {
    loop();
    if (unfinished == 0) {
      throw new IllegalStateException("taskDone() called more times than items were put");
    }
    finishOne();
  }

  /**
   * Waits until every item put has been marked with {@link #taskDone()} (asyncio {@code await
   * queue.join()}): a done task if none is unfinished.
   */
  public final Task<Void> join() {
    EventLoop l = loop();
    if (unfinished == 0) {
      return Waiter.DONE;
    }
    PlainWaiter<Void> w = new PlainWaiter<>(l);
    joiners.add(w);
    return w;
  }

  /** The number of items in the queue (asyncio {@code queue.qsize()}). */
  public final int size() {
    return items.size() + promised;
  }

  /** Whether the queue has no item (asyncio {@code queue.empty()}). */
  public final boolean isEmpty() {
    return size() == 0;
  }

  /** Whether {@link #put} would wait (asyncio {@code queue.full()}); never for an unbounded one. */
  public final boolean isFull() {
    return maxSize > 0 && items.size() + promised >= maxSize;
  }

  /** The most items the queue holds; 0 or less for no limit (asyncio {@code queue.maxsize}). */
  public final int maxSize() {
    return maxSize;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[size=" + size() + ", maxSize=" + maxSize + ", getters="
        + getters.size() + ", putters=" + putters.size() + ", unfinished=" + unfinished + "]";
  }

  // ---- storage order, overridden by the LIFO and priority queues ----

  /** Rejects an item before anything changes. */
  void check(E item) {
    Objects.requireNonNull(item, "item");
  }

  /** Puts back an item that a cancelled getter did not receive, so that it comes out next. */
  void restore(E item) {
    ((Deque<E>) items).addFirst(item);
  }

  /** The stored items, the most recently stored first (where the order says so). */
  Iterator<E> newestFirst() {
    return ((Deque<E>) items).descendingIterator();
  }

  // ---- the hand-over ----

  private EventLoop loop() {
    EventLoop current = EventLoop.current();
    if (current != loop || current == null) {
      loop = Confinement.bind(loop, current, this);
    }
    return current;
  }

  /** A new item enters the queue. */
  private void enter(E item) {
    unfinished++;
    deliver(item);
  }

  /** An item goes into storage, and wakes the longest getter. */
  private void deliver(E item) {
    items.add(item);
    wakeGetter();
  }

  /**
   * An item is in storage: wakes the longest getter, which takes one when its body resumes; a
   * getter awaited otherwise is handed the first item now.
   */
  private void wakeGetter() {
    Getter<E> g;
    while (!items.isEmpty() && (g = getters.poll()) != null) {
      if (g.wakeAwaiter()) {
        return;
      }
      E item = items.poll();
      promised++;
      if (g.hand(item)) {
        return;
      }
      promised--; // cancelled from another thread meanwhile: the next getter
      restore(item);
    }
  }

  private E take() {
    E item = items.poll();
    wakePutters();
    return item;
  }

  /**
   * There is room: wakes the longest putter, whose item enters when its body resumes; putters
   * awaited otherwise enter their items now, while there is room.
   */
  private void wakePutters() {
    Putter<E> p;
    while (!isFull() && (p = putters.poll()) != null) {
      if (p.wakeAwaiter()) {
        return;
      }
      if (p.hand(null)) { // false: cancelled from another thread meanwhile, its item stays out
        enter(p.item);
      }
    }
  }

  /** Takes {@code item} itself (not an equal one) out of storage; false if it is not there. */
  private boolean unstore(E item) {
    for (Iterator<E> it = newestFirst(); it.hasNext(); ) {
      if (it.next() == item) {
        it.remove();
        return true;
      }
    }
    return false;
  }

  private void finishOne() {
    if (--unfinished == 0 && !joiners.isEmpty()) {
      WaitList<PlainWaiter<Void>> woken = joiners;
      joiners = new WaitList<>();
      PlainWaiter<Void> w;
      while ((w = woken.poll()) != null) {
        w.wake(null);
      }
    }
  }

  /** A task waiting in {@link #get()}. */
  private static final class Getter<E> extends Waiter<E> {
    private final AsyncQueue<E> queue;

    Getter(EventLoop loop, AsyncQueue<E> queue) {
      super(loop);
      this.queue = queue;
    }

    @Override
    void claimed() {
      queue.promised--;
      queue.wakePutters();
    }

    /** The item goes back to the front of the queue, for the next getter. */
    @Override
    void giveBack(E item) {
      AsyncQueue<E> q = queue;
      q.promised--;
      q.restore(item);
      q.wakeGetter();
    }

    @Override
    boolean takeOnResume() {
      if (queue.items.isEmpty()) {
        return false;
      }
      // the task first, then the item: a cancel from another thread may have claimed the task
      // meanwhile, and then the item stays for the next getter
      if (wake(queue.items.peek())) {
        queue.take();
      }
      return true;
    }

    @Override
    void requeue() {
      queue.getters.add(this);
    }

    @Override
    void passOnWake() {
      queue.wakeGetter();
    }
  }

  /** A task waiting in {@link #put}. */
  private static final class Putter<E> extends Waiter<Void> {
    private final AsyncQueue<E> queue;
    private final E item;

    Putter(EventLoop loop, AsyncQueue<E> queue, E item) {
      super(loop);
      this.queue = queue;
      this.item = item;
    }

    /**
     * The body will see the cancellation: the item comes back out, if no getter has it yet, and
     * the room goes to the next putter.
     */
    @Override
    void giveBack(Void nothing) {
      if (queue.unstore(item)) {
        queue.finishOne();
        queue.wakePutters();
      }
    }

    @Override
    boolean takeOnResume() {
      if (queue.isFull()) {
        return false;
      }
      if (wake(null)) { // not if cancelled from another thread meanwhile
        queue.enter(item);
      }
      return true;
    }

    @Override
    void requeue() {
      queue.putters.add(this);
    }

    @Override
    void passOnWake() {
      queue.wakePutters();
    }
  }
}
