package org.await4j.sync;

import java.util.concurrent.CancellationException;
import org.await4j.EventLoop;
import org.await4j.Task;
import org.await4j.internal.AsyncMachine;
import org.await4j.internal.ClaimOnResume;
import org.await4j.internal.Handover;
import org.await4j.internal.TaskListener;

/**
 * One task waiting in a primitive's queue: the {@link Task} that a suspending operation returns
 * when it cannot complete at once. There is exactly one per actual wait; an operation that
 * completes at once returns {@link #DONE} or another done task instead.
 *
 * <table>
 *   <caption>Stages</caption>
 *   <tr><th>stage</th><th>meaning</th><th>{@link #cancel()}</th></tr>
 *   <tr><td>waiting</td><td>in the primitive's {@link WaitList}, not done</td>
 *       <td>leaves the list and ends cancelled ({@link #cancelWaiting}); true</td></tr>
 *   <tr><td>handed</td><td>succeeded with what the primitive gave it (the lock, a permit, an
 *       item); its claim is queued on the loop right behind the awaiting body's resumption</td>
 *       <td>nothing: a done task keeps its value; false</td></tr>
 *   <tr><td>settled</td><td>claimed, or ended in any other way</td><td>nothing; false</td></tr>
 *   <tr><td>woken</td><td>off the list, still pending: the one body awaiting it is scheduled and
 *       takes the value when it resumes ({@link #claimOnResume}; queues only)</td>
 *       <td>ends cancelled, and the wake goes on to the next waiter ({@link #passOnWake}); true</td></tr>
 * </table>
 *
 * <p>Why the handed stage: a machine whose awaited task is done is only scheduled; if it is
 * cancelled before it runs, it resumes with a {@link CancellationException} and drops the value.
 * It then tells the waiter ({@link Handover#refused()}), and the lock, permit or item goes back
 * ({@link #giveBack}). Once the loop has run the awaiting body (the claim, {@link #run()}), the
 * value is the body's. Cancelling the waiter itself never takes a value back: whoever holds the
 * task sees it succeeded, so the value is theirs (no double grants).
 *
 * <p>Waiters are confined to their primitive's loop. {@code cancel()} from another thread claims
 * the task at once (so its answer is exact: true means it ends cancelled, and a grant can no
 * longer reach it) and leaves the list on the loop; a primitive that finds such a waiter in its
 * list passes it over ({@link #hand} returns false).
 *
 * @param <T> what the wait yields
 */
abstract class Waiter<T> extends Task<T> implements Runnable, Handover, ClaimOnResume {
  private static final byte WAITING = 0;
  private static final byte HANDED = 1;
  private static final byte SETTLED = 2;
  private static final byte WOKEN = 3;

  /** The result of every operation that completes at once without a value: no allocation. */
  static final Task<Void> DONE = Task.completed(null);

  final EventLoop loop;
  /** Links and owner while in a {@link WaitList}, maintained by it. */
  Waiter<?> prev;
  Waiter<?> next;
  WaitList<?> list;
  private byte stage = WAITING;

  Waiter(EventLoop loop) {
    this.loop = loop;
  }

  /**
   * Gives {@code value} to this waiter, which its primitive has already taken off its list: the
   * task succeeds, and the claim is queued behind the awaiting body's resumption. Returns false,
   * giving nothing, if the waiter was cancelled from another thread meanwhile: the primitive
   * passes the value on.
   */
  final boolean hand(T value) {
    if (!succeed(value)) { // schedules the awaiting machine first...
      return false;
    }
    stage = HANDED;
    loop.execute(this); // ...then the claim, which therefore runs after the body has resumed
    return true;
  }

  /**
   * Wakes the body awaiting this waiter, which its primitive has already taken off its list,
   * without a value: the body takes it when it resumes ({@link #takeOnResume}), as asyncio's
   * queue operations do. Returns false, changing nothing, unless exactly one state machine of
   * this loop awaits the waiter (a combinator or a callback listening: hand the value now).
   */
  final boolean wakeAwaiter() {
    if (isDone()) {
      return false; // cancelled from another thread: the primitive passes over it
    }
    AsyncMachine<?> body = takeSoleAwaiter(loop);
    if (body == null) {
      return false;
    }
    stage = WOKEN;
    loop.execute(body); // its step begins with claimOnResume
    return true;
  }

  /** Not API: see {@link ClaimOnResume}. */
  @Override
  public final boolean claimOnResume(Task<?> awaiter) {
    if (stage == WOKEN && !isDone() && !takeOnResume()) {
      // nothing to take any more: wait again, last in line (asyncio's get() and put() loop); a
      // cancel from another thread meanwhile ends it, and its leave() takes it off the list
      stage = WAITING;
      requeue();
    }
    // the body reads the outcome once there is one (false: it waits for it): a cancel from
    // another thread may have claimed the task (so the take above could not complete it) and
    // not completed it yet; the body read a half-written outcome before
    return isDone() || !addListener((TaskListener) awaiter);
  }

  /**
   * A woken waiter's body resumes: take the value now and complete ({@link #wake}), or return
   * false if there is nothing to take. Queues only.
   */
  boolean takeOnResume() {
    throw new IllegalStateException("not a waiter that is woken: " + this);
  }

  /** Goes back to the end of its primitive's list, to wait again. Queues only. */
  void requeue() {
    throw new IllegalStateException("not a waiter that is woken: " + this);
  }

  /**
   * A woken waiter was cancelled before its body took anything: the wake goes to the next waiter
   * if there is still something to take, as asyncio's cancelled {@code get()} passes it on.
   */
  void passOnWake() {}

  /** Succeeds with {@code value}, for waiters that have nothing to give back; false if done. */
  final boolean wake(T value) {
    stage = SETTLED;
    return succeed(value);
  }

  /** Ends with {@code failure}; a {@link CancellationException} means cancelled. */
  final void fail(Throwable failure) {
    stage = SETTLED;
    failWith(failure);
  }

  /** The claim: the awaiting body has resumed with the value, which is now its own. Not API. */
  @Override
  public final void run() {
    if (stage == HANDED) {
      stage = SETTLED;
      claimed();
    }
  }

  /** The awaiting body resumed with a cancellation instead of the value: it goes back. Not API. */
  @Override
  public final void refused() {
    if (stage == HANDED && loop.inLoop()) {
      stage = SETTLED;
      giveBack(valueNow());
    }
  }

  /**
   * Cancels the wait: a waiting task leaves the queue and ends cancelled; a done task is left
   * alone.
   *
   * @return true if the task was still waiting (it ends cancelled)
   */
  @Override
  public final boolean cancel(String message) {
    if (!loop.inLoop()) {
      if (!cancelsAtOnce()) {
        if (!claimCancelElsewhere(message)) {
          return false;
        }
        loop.execute(() -> cancel(message));
        return true;
      }
      if (!cancelDone(message)) {
        return false;
      }
      loop.execute(this::leave);
      return true;
    }
    if (stage == WAITING && !isDone()) {
      return cancelWaiting(message);
    }
    if (stage == WOKEN && !isDone()) {
      return cancelWoken(message);
    }
    return false;
  }

  /**
   * Cancels a woken waiter whose body has not resumed: by default it ends cancelled and the wake
   * goes on ({@link #passOnWake}); a condition wait must take its lock back first.
   */
  boolean cancelWoken(String message) {
    if (!cancelDone(message)) {
      return false;
    }
    stage = SETTLED;
    passOnWake();
    return true;
  }

  /** Cancels while still waiting. By default: leave the list, end cancelled. */
  boolean cancelWaiting(String message) {
    leave();
    return cancelDone(message);
  }

  /**
   * Whether {@link #cancel()} from another thread may end the task at once; false for a waiter
   * whose cancellation must first take something back on the loop (a condition wait).
   */
  boolean cancelsAtOnce() {
    return true;
  }

  /**
   * For a waiter that does not cancel at once: from another thread, decides that the wait ends
   * cancelled (true) or has been granted already (false), before its loop does the rest.
   */
  boolean claimCancelElsewhere(String message) {
    return !isDone();
  }

  /** Ends the task cancelled (Task's own cancel); false if it was done. */
  private boolean cancelDone(String message) {
    return super.cancel(message);
  }

  /** Leaves the list, on the loop; the task is or will be cancelled. */
  private void leave() {
    if (list != null) {
      list.remove(this);
    }
    byte was = stage;
    stage = SETTLED;
    if (was == WOKEN) {
      passOnWake(); // cancelled from another thread after it was woken
    }
  }

  /** The body received the value; by default nothing more to do. */
  void claimed() {}

  /** The value was handed over but the body will never receive it. */
  void giveBack(T value) {}

  /** A cancellation exception like {@link Task#cancel()}'s, for waiters that end cancelled late. */
  static CancellationException cancelled(String message) {
    return cancellation(message);
  }
}
