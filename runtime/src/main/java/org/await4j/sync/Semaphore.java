package org.await4j.sync;

import org.await4j.EventLoop;
import org.await4j.Task;

/**
 * A counter of permits for the tasks of one event loop: asyncio's {@code asyncio.Semaphore}
 * (Kotlin's {@code Semaphore}). {@link #acquire()} takes a permit, waiting while there is none;
 * {@link #release()} gives one back.
 *
 * <pre>{@code
 * await(permits.acquire());
 * try {
 *   ... // at most N tasks at a time here
 * } finally {
 *   permits.release();
 * }
 * }</pre>
 *
 * <p>{@link #release()} may raise the count above its initial value, as in asyncio; {@link
 * BoundedSemaphore} refuses that.
 *
 * <p><b>Fair.</b> Tasks get permits in the order they asked for them. A release hands its permit
 * straight to the longest waiter, so a task that asks right after a release, in the same pass of
 * the loop, queues behind the waiters.
 *
 * <p><b>Cancellation-safe.</b> A waiter that is cancelled leaves the queue. A waiter cancelled
 * after a permit was handed to it, but before its body resumed, passes the permit on to the next
 * waiter (or back to the count).
 *
 * <p><b>Loop-confined.</b> The semaphore belongs to the event loop it is first used on; its
 * operations throw {@link IllegalStateException} on any other loop or thread.
 * {@link #availablePermits()} and {@link #isLocked()} may be read anywhere (from another thread
 * they may be stale).
 */
public sealed class Semaphore permits BoundedSemaphore {
  private EventLoop loop;
  private int permits;
  private final WaitList<Acquirer> waiters = new WaitList<>();

  /**
   * A semaphore with {@code permits} permits, not bound to a loop until its first use.
   *
   * @throws IllegalArgumentException if {@code permits} is negative
   */
  public Semaphore(int permits) {
    if (permits < 0) {
      throw new IllegalArgumentException("permits must be 0 or more, not " + permits);
    }
    this.permits = permits;
  }

  /**
   * Takes a permit (asyncio {@code await sem.acquire()}): a done task if one is free and nobody
   * waits, else a task that completes when a permit is handed to this caller.
   */
  public final Task<Void> acquire() {
    EventLoop l = loop();
    if (permits > 0 && waiters.isEmpty()) {
      permits--;
      return Waiter.DONE;
    }
    Acquirer w = new Acquirer(l, this);
    waiters.add(w);
    return w;
  }

  /**
   * Takes a permit if that needs no waiting: one is free and nobody waits. Not in asyncio, where
   * {@code if not sem.locked(): await sem.acquire()} does the same.
   *
   * @return whether the caller now holds a permit
   */
  public final boolean tryAcquire() {
    loop();
    if (permits > 0 && waiters.isEmpty()) {
      permits--;
      return true;
    }
    return false;
  }

  /**
   * Gives a permit back (asyncio {@code sem.release()}): to the longest waiter, or to the count
   * if nobody waits.
   */
  public void release() {
    loop();
    releaseOne();
  }

  /** The permits free now; 0 while tasks wait. */
  public final int availablePermits() {
    return permits;
  }

  /** Whether {@link #acquire()} would wait (asyncio {@code sem.locked()}). */
  public final boolean isLocked() {
    return permits == 0;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[permits=" + permits + ", waiters=" + waiters.size()
        + "]";
  }

  final EventLoop loop() {
    EventLoop current = EventLoop.current();
    if (current != loop || current == null) {
      loop = Confinement.bind(loop, current, this);
    }
    return current;
  }

  final void releaseOne() {
    Acquirer w;
    while ((w = waiters.poll()) != null) {
      if (w.hand(null)) {
        return;
      }
      // cancelled from another thread meanwhile: the permit goes to the next one
    }
    {
      if (permits == Integer.MAX_VALUE) {
        throw new IllegalStateException("Semaphore.release(): too many permits");
      }
      permits++;
    }
  }

  /** A task waiting in {@link #acquire()}. */
  private static final class Acquirer extends Waiter<Void> {
    private final Semaphore semaphore;

    Acquirer(EventLoop loop, Semaphore semaphore) {
      super(loop);
      this.semaphore = semaphore;
    }

    @Override
    void giveBack(Void nothing) {
      semaphore.releaseOne();
    }
  }
}
