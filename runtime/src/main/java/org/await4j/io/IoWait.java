package org.await4j.io;

import java.util.concurrent.CancellationException;
import org.await4j.EventLoop;
import org.await4j.Task;

/**
 * One I/O operation that had to wait: the {@link Task} it returns. Confined to its loop, like the
 * waiters of {@code org.await4j.sync}, with their "handed" stage: a value given to a body that
 * has not resumed yet (the bytes of a read) goes back if that body is cancelled first, so a
 * cancelled read never loses data.
 *
 * <table>
 *   <caption>Stages</caption>
 *   <tr><th>stage</th><th>{@link #cancel()}</th></tr>
 *   <tr><td>waiting</td><td>{@link #cancelWaiting}: the operation lets go and ends cancelled</td></tr>
 *   <tr><td>handed: succeeded, the awaiting body not yet resumed</td>
 *       <td>{@link #giveBack} the value; returns false</td></tr>
 *   <tr><td>settled</td><td>nothing</td></tr>
 * </table>
 */
abstract class IoWait<T> extends Task<T> implements Runnable {
  private static final byte WAITING = 0;
  private static final byte HANDED = 1;
  private static final byte SETTLED = 2;

  final EventLoop loop;
  private byte stage = WAITING;

  IoWait(EventLoop loop) {
    this.loop = loop;
  }

  final boolean waiting() {
    return stage == WAITING;
  }

  /** Succeeds with {@code value}; the claim is queued right behind the awaiting body. */
  final void hand(T value) {
    stage = HANDED;
    succeed(value);
    loop.execute(this);
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

  /** The claim: the awaiting body has resumed with the value. Not API. */
  @Override
  public final void run() {
    if (stage == HANDED) {
      stage = SETTLED;
    }
  }

  /** The message of the cancel being delivered, for {@link #cancelPlain}. */
  private String cancelMessage;

  @Override
  public final boolean cancel(String message) {
    if (!loop.inLoop()) {
      loop.execute(() -> cancel(message));
      return !isDone();
    }
    switch (stage) {
      case WAITING:
        stage = SETTLED;
        cancelMessage = message;
        return cancelWaiting();
      case HANDED:
        stage = SETTLED;
        giveBack(valueNow());
        return false;
      default:
        return false;
    }
  }

  /** Lets go of the operation and ends cancelled (by {@link #cancelWith} or super.cancel(message)). */
  abstract boolean cancelWaiting();

  /** Ends cancelled the plain way. */
  final boolean cancelPlain() {
    return super.cancel(cancelMessage);
  }

  /** The value was handed over but its body will never receive it. */
  void giveBack(T value) {}
}
