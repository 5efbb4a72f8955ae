package org.await4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import org.await4j.internal.TaskListener;

/**
 * {@link Tasks#any} (the first success) and {@link Tasks#race} (the first outcome): the first
 * task to decide wins, the others are cancelled. {@code any} fails only when every task has
 * failed. Thread-safe.
 */
final class FirstOf<T> extends Combinator<T> implements TaskListener {
  private static final VarHandle REMAINING;

  static {
    try {
      REMAINING = MethodHandles.lookup().findVarHandle(FirstOf.class, "remaining", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Task<? extends T>[] tasks;
  private final boolean firstSuccess;
  /** For any: the failures still to come before all have failed. */
  private volatile int remaining;

  private FirstOf(Task<? extends T>[] tasks, boolean firstSuccess) {
    this.tasks = tasks;
    this.firstSuccess = firstSuccess;
    this.remaining = tasks.length;
  }

  static <T> Task<T> any(Task<? extends T>[] tasks) {
    return start(new FirstOf<>(tasks, true));
  }

  static <T> Task<T> race(Task<? extends T>[] tasks) {
    return start(new FirstOf<>(tasks, false));
  }

  private static <T> Task<T> start(FirstOf<T> f) {
    if (f.tasks.length == 0) {
      throw new IllegalArgumentException("no tasks: there is no first one to wait for");
    }
    for (Task<? extends T> t : f.tasks) {
      if (!t.addListener(f)) {
        f.taskDone(t); // once decided, the rest are cancelled; each outcome is still read
      }
    }
    return f;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void taskDone(Task<?> task) {
    Throwable failure = task.failureOrNull();
    if (failure == null || !firstSuccess) {
      boolean won = failure == null ? decide((T) task.result()) : decideFailure(failure);
      if (won) {
        cancelAllBut(task);
      }
      return;
    }
    if ((int) REMAINING.getAndAdd(this, -1) == 1) {
      decideFailure(allFailed());
    }
  }

  /**
   * The first failure in argument order that is not a cancellation, with the other failures
   * suppressed in it; if every task was cancelled, a CancellationException.
   */
  private Throwable allFailed() {
    Throwable primary = null;
    for (Task<? extends T> t : tasks) {
      Throwable f = t.failureOrNull();
      if (f instanceof CancellationException) {
        continue;
      }
      if (primary == null) {
        primary = f;
      } else if (f != primary && !suppresses(primary, f)) {
        primary.addSuppressed(f);
      }
    }
    return primary != null ? primary : new CancellationException("every task was cancelled");
  }

  private static boolean suppresses(Throwable primary, Throwable f) {
    for (Throwable s : primary.getSuppressed()) {
      if (s == f) {
        return true;
      }
    }
    return false;
  }

  private void cancelAllBut(Task<?> winner) {
    for (Task<? extends T> t : tasks) {
      if (t != winner) {
        t.cancel();
      }
    }
  }

  /** Cancels every task; this task is cancelled at once, unless its outcome is decided. */
  @Override
  public boolean cancel(String message) {
    if (decided() || !super.cancel(message)) {
      return false;
    }
    cancelAllBut(null);
    return true;
  }
}
