package org.await4j.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.await4j.EventLoop;
import org.await4j.Task;

/**
 * A condition variable over a {@link Lock}: asyncio's {@code asyncio.Condition}. A task holding
 * the lock waits until another task signals it; the wait releases the lock and takes it back
 * before it completes.
 *
 * <pre>{@code
 * await(cond.acquire());
 * try {
 *   await(cond.waitUntil(() -> !items.isEmpty()));   // asyncio: await cond.wait_for(...)
 *   take(items);
 * } finally {
 *   cond.release();
 * }
 * // elsewhere, holding the lock: items.add(x); cond.signal();   // asyncio: cond.notify()
 * }</pre>
 *
 * <p>The names follow {@code java.util.concurrent.locks.Condition}, because {@code wait()},
 * {@code notify()} and {@code notifyAll()} are final methods of {@link Object}: asyncio's {@code
 * wait()} is {@link #waitUntilSignalled()}, {@code wait_for(predicate)} is {@link
 * #waitUntil(BooleanSupplier)}, {@code notify(n)} is {@link #signal(int)}, {@code notify_all()}
 * is {@link #signalAll()}.
 *
 * <p><b>Fair.</b> Signals wake waiters in the order they started waiting; a woken waiter then
 * queues for the lock behind the tasks already waiting for it.
 *
 * <p><b>Cancellation.</b> As in asyncio, a cancelled wait still takes the lock back before its
 * task sees the {@code CancellationException}, so that the caller's {@code finally} may release
 * it. A waiter cancelled after it was signalled passes the signal on to the next waiter, so that
 * no signal is lost.
 *
 * <p><b>Loop-confined</b> to its lock's loop, like the {@link Lock}.
 */
public final class Condition {
  private final Lock lock;
  private final WaitList<Waiting> waiters = new WaitList<>();

  /** A condition with a new lock of its own. */
  public Condition() {
    this(new Lock());
  }

  /** A condition over {@code lock}, which other conditions and tasks may share. */
  public Condition(Lock lock) {
    this.lock = Objects.requireNonNull(lock, "lock");
  }

  /** The underlying lock. */
  public Lock lock() {
    return lock;
  }

  /** Acquires the underlying lock, as {@link Lock#acquire()} (asyncio {@code cond.acquire()}). */
  public Task<Void> acquire() {
    return lock.acquire();
  }

  /** As {@link Lock#tryAcquire()} on the underlying lock. */
  public boolean tryAcquire() {
    return lock.tryAcquire();
  }

  /** Releases the underlying lock, as {@link Lock#release()} (asyncio {@code cond.release()}). */
  public void release() {
    lock.release();
  }

  /** Whether the underlying lock is held (asyncio {@code cond.locked()}). */
  public boolean isLocked() {
    return lock.isLocked();
  }

  /**
   * Releases the lock, waits until signalled, takes the lock back (asyncio {@code await
   * cond.wait()}). The returned task completes holding the lock, also when it ends with a {@code
   * CancellationException}.
   *
   * @throws IllegalStateException if the lock is not held
   */
  public Task<Void> waitUntilSignalled() {
    EventLoop l = lock.loop();
    requireLocked("waitUntilSignalled()");
    return startWaiting(l, null);
  }

  /**
   * Waits until {@code predicate} is true (asyncio {@code await cond.wait_for(predicate)}): a done
   * task if it is true now; else, as {@link #waitUntilSignalled()} repeatedly, testing the
   * predicate each time the lock is back. The predicate runs on the loop, with the lock held, when
   * the lock is handed to this wait; if it throws, the task fails with that exception, still
   * holding the lock.
   *
   * @throws IllegalStateException if the lock is not held
   */
  public Task<Void> waitUntil(BooleanSupplier predicate) {
    Objects.requireNonNull(predicate, "predicate");
    EventLoop l = lock.loop();
    requireLocked("waitUntil(predicate)");
    if (predicate.getAsBoolean()) {
      return Waiter.DONE;
    }
    return startWaiting(l, predicate);
  }

  /** Wakes the longest waiter, if any (asyncio {@code cond.notify()}). */
  public void signal() {
    signal(1);
  }

  /**
   * Wakes up to {@code n} waiters, longest first (asyncio {@code cond.notify(n)}). Each woken
   * waiter completes once it has the lock back.
   *
   * @throws IllegalStateException if the lock is not held
   */
  public void signal(int n) {
    lock.loop();
    requireLocked("signal()");
    wake(n);
  }

  /** Wakes every waiter (asyncio {@code cond.notify_all()}). */
  public void signalAll() {
    signal(Integer.MAX_VALUE);
  }

  @Override
  public String toString() {
    return "Condition[" + lock + ", waiters=" + waiters.size() + "]";
  }

  private void requireLocked(String what) {
    if (!lock.isLocked()) {
      throw new IllegalStateException(
          "Condition." + what + " needs the lock: await(cond.acquire()) first");
    }
  }

  private Task<Void> startWaiting(EventLoop l, BooleanSupplier predicate) {
    Waiting w = new Waiting(l, this, predicate);
    lock.handOn();
    waiters.add(w);
    return w;
  }

  /**
   * Wakes up to {@code n} waiters, longest first; the lock is held. Each takes the lock back when
   * its body resumes, as asyncio's {@code wait()} does in its task (so the tasks that take the
   * lock meanwhile go first); a wait awaited otherwise than by one body queues for the lock now.
   */
  private void wake(int n) {
    Waiting w;
    for (int i = 0; i < n && (w = waiters.poll()) != null; i++) {
      w.signalled();
      if (!w.wakeAwaiter()) {
        lock.enqueue(w);
      }
    }
  }

  /**
   * A task in {@link #waitUntilSignalled()} or {@link #waitUntil}: first in the condition's
   * queue, then, signalled or cancelled, in the lock's.
   */
  private static final class Waiting extends Lock.Waiting {
    private static final VarHandle DECISION;
    private static final Object GRANTED = new Object();

    static {
      try {
        DECISION = MethodHandles.lookup().findVarHandle(Waiting.class, "decision", Object.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private final Condition cond;
    private final BooleanSupplier predicate;
    /**
     * null while open; {@link #GRANTED} once the wait ends with the lock (or the predicate's
     * exception); a {@link Cancel} once a cancel won, from any thread: then the wait ends
     * cancelled, holding the lock, whatever comes after. What makes a cancel's answer exact.
     */
    private volatile Object decision;
    /** On the loop: the cancel's moves (leaving the condition's queue) are done. */
    private boolean cancelHandled;
    /** On the loop: a signal woke it, and has not been passed on; it goes on if it is cancelled. */
    private boolean signalled;

    Waiting(EventLoop loop, Condition cond, BooleanSupplier predicate) {
      super(loop);
      this.cond = cond;
      this.predicate = predicate;
    }

    /** A won cancel, with its message. */
    private static final class Cancel {
      final String message;

      Cancel(String message) {
        this.message = message;
      }
    }

    /** Whether a cancel has won; makes this one win if the wait is still open. */
    private boolean claimCancel(String message) {
      Object d = decision;
      if (d instanceof Cancel) {
        return true;
      }
      return d == null && DECISION.compareAndSet(this, null, new Cancel(message));
    }

    /** Decides for the lock, or finds that a cancel won first (false). */
    private boolean claimGrant() {
      return DECISION.compareAndSet(this, null, GRANTED);
    }

    /** Marks it woken by a signal, which it passes on if it ends cancelled. */
    void signalled() {
      signalled = true;
    }

    private void passSignalOn() {
      if (signalled) {
        signalled = false;
        cond.wake(1);
      }
    }

    @Override
    boolean lockHanded() {
      if (!(decision instanceof Cancel) && predicate != null) {
        boolean holds;
        try {
          holds = predicate.getAsBoolean();
        } catch (Throwable t) {
          if (claimGrant()) {
            signalled = false;
            fail(t);
            return true;
          }
          holds = true; // a cancel won meanwhile: it ends cancelled below
        }
        if (!holds) {
          signalled = false; // the signal was used: it waits for the next one, last in line
          cond.waiters.add(this);
          return false;
        }
      }
      if (claimGrant()) {
        signalled = false;
        return hand(null);
      }
      // cancelled (perhaps from another thread): it has the lock back, and ends
      passSignalOn();
      fail(cancelled(((Cancel) decision).message));
      return true;
    }

    /** A cancel must take the lock back first, on the loop: never at once from elsewhere. */
    @Override
    boolean cancelsAtOnce() {
      return false;
    }

    /** From another thread: exact, since the loop grants only what no cancel has claimed. */
    @Override
    boolean claimCancelElsewhere(String message) {
      return claimCancel(message);
    }

    /**
     * Cancelled before it had the lock back: it takes the lock back first, then ends; as asyncio's,
     * when its body resumes (a wait awaited otherwise: at once, or in the lock's queue).
     */
    @Override
    boolean cancelWaiting(String message) {
      if (!claimCancel(message)) {
        return false;
      }
      if (cancelHandled) {
        return true;
      }
      cancelHandled = true;
      if (cond.waiters.remove(this)) {
        if (wakeAwaiter()) {
          return true;
        }
        if (cond.lock.takeIfFree()) {
          fail(cancelled(((Cancel) decision).message));
        } else {
          cond.lock.enqueue(this);
        }
      } else {
        passSignalOn(); // it was signalled: the signal goes to the next waiter now
      }
      return true;
    }

    /** Signalled, not resumed yet: the signal goes on; its body takes the lock back, then ends. */
    @Override
    boolean cancelWoken(String message) {
      if (!claimCancel(message)) {
        return false;
      }
      if (!cancelHandled) {
        cancelHandled = true;
        passSignalOn();
      }
      return true;
    }

    /** Its body resumes: it takes the free lock now, or queues for it. */
    @Override
    boolean takeOnResume() {
      if (!cond.lock.takeIfFree()) {
        cond.lock.enqueue(this);
        return false;
      }
      if (!lockHanded()) {
        cond.lock.handOn(); // the predicate is still false: it waits for the next signal
        return false;
      }
      return true;
    }

    @Override
    void requeue() {} // takeOnResume chose the queue

    /** Signalled and holding the lock, but its body will see the cancellation: pass it on. */
    @Override
    void giveBack(Void nothing) {
      cond.wake(1);
    }
  }
}
