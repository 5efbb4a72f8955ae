package org.await4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The runtime's combinators ({@link Tasks#all}, {@link Tasks#any}, {@link Tasks#race}, {@link
 * Tasks#wait}, {@link Tasks#shield}, the steps of {@link AsCompleted}) react to their children as
 * asyncio's do: asyncio hears of a child's end through a done callback, which it schedules
 * ({@code call_soon}), and only then completes the combinator, so the body awaiting it resumes
 * two passes after the child ended. Here a combinator decides at once, in the order its children
 * end, and publishes what it decided on its loop's next pass: the same two passes, with one
 * scheduling of the combinator itself and nothing per child.
 *
 * <p>Made on a thread that runs no loop (or once its loop is closed), it publishes at once.
 */
abstract class Combinator<T> extends Task<T> implements Runnable {
  private static final VarHandle DECIDED;

  static {
    try {
      DECIDED = MethodHandles.lookup().findVarHandle(Combinator.class, "decided", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The loop it publishes on, or null: at once. */
  private final EventLoop loop = EventLoop.current();
  private volatile int decided;
  /** What was decided, until published: the value, or with {@link #failed} the exception. */
  private Object outcome;
  private boolean failed;

  /** Decides to succeed with {@code value}; false if decided, or done, already. */
  final boolean decide(T value) {
    return decide(value, null);
  }

  /** Decides to fail with {@code failure}; false if decided, or done, already. */
  final boolean decideFailure(Throwable failure) {
    return decide(null, failure);
  }

  /**
   * Whether an outcome is decided, published or not: cancelling then has nothing left to stop
   * (asyncio's gather answers false then too).
   */
  final boolean decided() {
    return decided != 0;
  }

  private boolean decide(T value, Throwable failure) {
    if (isDone() || !DECIDED.compareAndSet(this, 0, 1)) {
      return false;
    }
    EventLoop l = loop;
    if (l == null || l.isClosed()) {
      return failure == null ? succeed(published(value)) : failWith(failure);
    }
    outcome = failure != null ? failure : value;
    failed = failure != null;
    l.execute(this); // from another thread through the inbox, which publishes the fields
    return true;
  }

  /** The loop's next pass: publishes the outcome decided. Not API. */
  @Override
  @SuppressWarnings("unchecked")
  public final void run() {
    Object o = outcome;
    outcome = null;
    if (failed) {
      failWith((Throwable) o);
    } else {
      succeed(published((T) o));
    }
  }

  /** The value to publish for the decided {@code value}; by default itself. */
  T published(T value) {
    return value;
  }
}
