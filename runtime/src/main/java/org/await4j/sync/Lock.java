package org.await4j.sync;

import org.await4j.EventLoop;
import org.await4j.Task;

/**
 * A mutual-exclusion lock for the tasks of one event loop: asyncio's {@code asyncio.Lock}
 * (Kotlin's {@code Mutex}).
 *
 * <pre>{@code
 * await(lock.acquire());
 * try {
 *   ... // at most one task at a time here, even across suspensions
 * } finally {
 *   lock.release();
 * }
 * }</pre>
 *
 * <p>As in asyncio the lock has no owner: any task may release it, and a task that acquires it
 * again before releasing it waits for itself forever (it is not reentrant).
 *
 * <p><b>Fair.</b> Tasks get the lock in the order they asked for it. {@link #release()} hands
 * the lock straight to the longest waiter, so a task that calls {@link #acquire()} or {@link
 * #tryAcquire()} right after a release, in the same pass of the loop, queues behind the waiters.
 *
 * <p><b>Cancellation-safe.</b> A waiter that is cancelled leaves the queue. A waiter cancelled
 * after the lock was handed to it, but before its body resumed, passes the lock on to the next
 * waiter (or unlocks it): its body sees the {@code CancellationException} without holding the
 * lock.
 *
 * <p><b>Loop-confined.</b> The lock belongs to the event loop it is first used on;
 * {@link #acquire()}, {@link #tryAcquire()} and {@link #release()} throw
 * {@link IllegalStateException} on any other loop or thread. {@link #isLocked()} may be read
 * anywhere (from another thread it may be stale).
 */
public final class Lock {
  private EventLoop loop;
  private boolean locked;
  private final WaitList<Waiting> waiters = new WaitList<>();

  /** A new, unlocked lock, not bound to a loop until its first use. */
  public Lock() {}

  /**
   * Acquires the lock (asyncio {@code await lock.acquire()}): a done task if it is free and
   * nobody waits, else a task that completes when the lock is handed to this caller.
   */
  public Task<Void> acquire() {
    EventLoop l = loop();
    if (takeIfFree()) {
      return Waiter.DONE;
    }
    Acquirer w = new Acquirer(l, this);
    waiters.add(w);
    return w;
  }

  /**
   * Acquires the lock if that needs no waiting: it is free and nobody waits for it. Not in
   * asyncio, where {@code if not lock.locked(): await lock.acquire()} does the same.
   *
   * @return whether the caller now holds the lock
   */
  public boolean tryAcquire() {
    loop();
    return takeIfFree();
  }

  /**
   * Releases the lock (asyncio {@code lock.release()}): hands it to the longest waiter, or unlocks
   * it if nobody waits.
   *
   * @throws IllegalStateException if the lock is not locked
   */
  public void release() {
    loop();
    if (!locked) {
      throw new IllegalStateException("Lock.release(): the lock is not acquired");
    }
    handOn();
  }

  /** Whether some task holds the lock (asyncio {@code lock.locked()}). */
  public boolean isLocked() {
    return locked;
  }

  @Override
  public String toString() {
    return "Lock[" + (locked ? "locked" : "unlocked") + ", waiters=" + waiters.size() + "]";
  }

  // ---- for Condition, which shares the queue ----

  EventLoop loop() {
    EventLoop current = EventLoop.current();
    if (current != loop || current == null) {
      loop = Confinement.bind(loop, current, this);
    }
    return current;
  }

  /** Takes the lock if it is free and nobody waits. */
  boolean takeIfFree() {
    if (!locked && waiters.isEmpty()) {
      locked = true;
      return true;
    }
    return false;
  }

  /** Queues a waiter of a locked lock. */
  void enqueue(Waiting w) {
    waiters.add(w);
  }

  /** Hands the held lock to the first waiter that takes it, or unlocks it. */
  void handOn() {
    Waiting w;
    while ((w = waiters.poll()) != null) {
      if (w.lockHanded()) {
        return;
      }
    }
    locked = false;
  }

  /** A task waiting for the lock: an {@link Acquirer}, or a {@link Condition} wait. */
  abstract static class Waiting extends Waiter<Void> {
    Waiting(EventLoop loop) {
      super(loop);
    }

    /**
     * The lock is handed to this waiter, already off the queue. Returns false to decline it (a
     * condition wait whose predicate is still false); the lock then goes to the next waiter.
     */
    abstract boolean lockHanded();
  }

  /** A task waiting in {@link #acquire()}. */
  private static final class Acquirer extends Waiting {
    private final Lock lock;

    Acquirer(EventLoop loop, Lock lock) {
      super(loop);
      this.lock = lock;
    }

    @Override
    boolean lockHanded() {
      return hand(null); // false: cancelled from another thread, the lock goes on
    }

    @Override
    void giveBack(Void nothing) {
      lock.handOn();
    }
  }
}
