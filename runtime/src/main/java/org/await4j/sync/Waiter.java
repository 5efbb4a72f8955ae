package org.await4j.sync;

import java.util.concurrent.CancellationException;
import org.await4j.EventLoop;
import org.await4j.Task;

/**
 * One task waiting in a primitive's queue: the {@link Task} that a suspending operation returns
 * when it cannot complete at once. There is exactly one per actual wait; an operation that
 * completes at once returns {@link #DONE} or another done task instead.
 *
 * <table>
 *   <caption>Stages</caption>
 *   <tr><th>stage</th><th>meaning</th><th>{@link #cancel()}</th></tr>
 *   <tr><td>waiting</td><td>in the primitive's {@link WaitList}, not done</td>
 *       <td>leaves the list and ends cancelled ({@link #cancelWaiting})</td></tr>
 *   <tr><td>handed</td><td>succeeded with what the primitive gave it (the lock, a permit, an
 *       item); its claim is queued on the loop right behind the awaiting body's resumption</td>
 *       <td>the body will see a {@link CancellationException} instead of the value, so the value
 *       goes back ({@link #giveBack}); returns false, as for any done task</td></tr>
 *   <tr><td>settled</td><td>claimed, or ended in any other way</td><td>nothing</td></tr>
 * </table>
 *
 * <p>Why the handed stage: a machine whose awaited task is done is only scheduled; if it is
 * cancelled before it runs, it resumes with a {@code CancellationException} and drops the value.
 * Its {@code cancel()} then calls {@code cancel()} on the task it awaits, done or not; that call
 * is how a lock, permit or item that was handed over but never received finds its way back. Once
 * the loop has run the awaiting body (the claim, {@link #run()}), the value is the body's and a
 * later {@code cancel()} leaves it alone.
 *
 * <p>Waiters are confined to their primitive's loop; {@code cancel()} from another thread is
 * handed to the loop.
 *
 * @param <T> what the wait yields
 */
abstract class Waiter<T> extends Task<T> implements Runnable {
  private static final byte WAITING = 0;
  private static final byte HANDED = 1;
  private static final byte SETTLED = 2;

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
   * task succeeds, and the claim is queued behind the awaiting body's resumption.
   */
  final void hand(T value) {
    stage = HANDED;
    succeed(value); // schedules the awaiting machine first...
    loop.execute(this); // ...then the claim, which therefore runs after the body has resumed
  }

  /** Succeeds with {@code value}, for waiters that have nothing to give back. */
  final void wake(T value) {
    stage = SETTLED;
    succeed(value);
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

  /**
   * Cancels the wait: a waiting task leaves the queue and ends cancelled; a task that was
   * handed a value its body has not received yet gives the value back (to the next waiter, or to
   * the primitive); a settled task is left alone.
   *
   * @return true if the task was still waiting
   */
  @Override
  public final boolean cancel() {
    if (!loop.inLoop()) {
      loop.execute(this::cancel);
      return !isDone();
    }
    switch (stage) {
      case WAITING:
        return cancelWaiting();
      case HANDED:
        stage = SETTLED;
        giveBack(valueNow());
        return false;
      default:
        return false;
    }
  }

  /** Cancels while still waiting. By default: leave the list, end cancelled. */
  boolean cancelWaiting() {
    list.remove(this);
    stage = SETTLED;
    return super.cancel();
  }

  /** The body received the value; by default nothing more to do. */
  void claimed() {}

  /** The value was handed over but the body will never receive it. */
  void giveBack(T value) {}

  /** A cancellation exception like {@link Task#cancel()}'s, for waiters that end cancelled late. */
  static CancellationException cancelled() {
    return new CancellationException("task was cancelled");
  }
}
