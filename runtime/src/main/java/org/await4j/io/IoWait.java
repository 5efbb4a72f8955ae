package org.await4j.io;

import java.util.concurrent.CancellationException;
import org.await4j.EventLoop;
import org.await4j.Task;
import org.await4j.internal.AsyncMachine;
import org.await4j.internal.ClaimOnResume;

/**
 * One I/O operation that had to wait: the {@link Task} it returns. Confined to its loop, like the
 * waiters of {@code org.await4j.sync}: a value given to a body that has not resumed yet (the
 * bytes of a read) goes back if that body is cancelled first, so a cancelled read never loses
 * data.
 *
 * <p>The common case, one state machine of the loop awaiting the operation, costs no more than a
 * wake: the task takes that machine off its listeners, schedules it and holds the value ("woken");
 * the machine claims the value when it resumes ({@link #claimOnResume}), and only then does the
 * task succeed. Any other listener (a combinator, a callback) sees the task succeed at once
 * ("handed"), and a claim queued behind the awaiting bodies settles it.
 *
 * <table>
 *   <caption>Stages</caption>
 *   <tr><th>stage</th><th>{@link #cancel()}</th></tr>
 *   <tr><td>waiting</td><td>{@link #cancelWaiting}: the operation lets go and ends cancelled</td></tr>
 *   <tr><td>woken: pending, the value held, its one awaiting machine scheduled</td>
 *       <td>{@link #giveBack} the value; ends cancelled (the machine resumes with that); one
 *       with nothing to give back ({@link #givesBack}) succeeds instead and returns false</td></tr>
 *   <tr><td>handed: succeeded, the awaiting bodies not yet resumed</td>
 *       <td>{@link #giveBack} the value; returns false</td></tr>
 *   <tr><td>settled</td><td>nothing</td></tr>
 * </table>
 */
abstract class IoWait<T> extends Task<T> implements Runnable, ClaimOnResume {
  private static final byte WAITING = 0;
  private static final byte HANDED = 1;
  private static final byte SETTLED = 2;
  private static final byte WOKEN = 3;

  private byte stage = WAITING;
  /** The value while woken. */
  private Object held;

  /** The loop the operation runs on (a method, not a field: every waiting read is a word smaller). */
  abstract EventLoop loop();

  final boolean waiting() {
    return stage == WAITING;
  }

  /**
   * Gives {@code value} to the operation: to its one awaiting machine when it resumes (woken), or
   * succeeds now with a claim queued right behind the awaiting bodies (handed).
   */
  final void hand(T value) {
    EventLoop loop = loop();
    AsyncMachine<?> body = takeSoleAwaiter(loop);
    if (body != null) {
      stage = WOKEN;
      held = value;
      loop.execute(body); // its step begins with claimOnResume
      return;
    }
    stage = HANDED;
    succeed(value);
    loop.execute(this);
  }

  /** Not API: the woken body resumes and takes the value (see {@link ClaimOnResume}). */
  @Override
  @SuppressWarnings("unchecked")
  public final boolean claimOnResume(Task<?> awaiter) {
    if (stage == WOKEN) {
      stage = SETTLED;
      T v = (T) held;
      held = null;
      succeed(v);
    }
    return true; // anything else: done already (cancelled meanwhile), the body reads that
  }

  /** Ends with {@code failure}. */
  final void fail(Throwable failure) {
    stage = SETTLED;
    failWith(failure);
  }

  /** Ends cancelled with {@code e} (a subclass that says more, say). */
  final boolean cancelWith(CancellationException e) {
    stage = SETTLED;
    return failWith(e);
  }

  /** The claim of a handed value: the awaiting bodies have resumed with it. Not API. */
  @Override
  public final void run() {
    if (stage == HANDED) {
      stage = SETTLED;
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public final boolean cancel(String message) {
    EventLoop loop = loop();
    if (!loop.inLoop()) {
      loop.execute(() -> cancel(message));
      return !isDone();
    }
    switch (stage) {
      case WAITING:
        stage = SETTLED;
        return cancelWaiting(message);
      case WOKEN:
        stage = SETTLED;
        T v = (T) held;
        held = null;
        if (!givesBack()) {
          succeed(v); // as if handed: the operation is done; the body resumes cancelled
          return false;
        }
        giveBack(v); // the body never got it
        return super.cancel(message); // the scheduled body resumes with the cancellation
      case HANDED:
        stage = SETTLED;
        giveBack(valueNow());
        return false;
      default:
        return false;
    }
  }

  /**
   * Lets go of the operation and ends cancelled (by {@link #cancelWith} or {@link
   * #cancelPlain}({@code message})).
   */
  abstract boolean cancelWaiting(String message);

  /** Ends cancelled the plain way. */
  final boolean cancelPlain(String message) {
    return super.cancel(message);
  }

  /** The value was handed over but its body will never receive it. */
  void giveBack(T value) {}

  /**
   * Whether a cancel in the woken stage gives the value back and ends the task cancelled; false
   * for an operation that has nothing to give back (a write whose bytes were all taken): it
   * stays done, as a handed one does, and only its body resumes cancelled.
   */
  boolean givesBack() {
    return true;
  }
}
