package org.await4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.await4j.internal.TaskListener;

/**
 * {@link Tasks#all} and {@link Tasks#allSettled} (asyncio's {@code gather}): one listener on
 * every task, a countdown, and the list built once, in argument order, when the last one ends;
 * published on the next pass, as asyncio's (see {@link Combinator}). Thread-safe: the tasks may
 * complete on any threads.
 */
final class Gather<T, R> extends Combinator<List<R>> implements TaskListener {
  private static final VarHandle REMAINING;

  static {
    try {
      REMAINING = MethodHandles.lookup().findVarHandle(Gather.class, "remaining", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Task<? extends T>[] tasks;
  private final boolean settled;
  private volatile int remaining;
  private volatile boolean cancelRequested;
  private volatile String cancelMessage;

  private Gather(Task<? extends T>[] tasks, boolean settled) {
    this.tasks = tasks;
    this.settled = settled;
    this.remaining = tasks.length;
  }

  /** Values in argument order; the first failure fails it; the others keep running. */
  static <T> Task<List<T>> all(Task<? extends T>[] tasks) {
    return start(new Gather<T, T>(tasks, false));
  }

  /** Every outcome in argument order; never fails unless cancelled itself. */
  static <T> Task<List<Outcome<T>>> allSettled(Task<? extends T>[] tasks) {
    return start(new Gather<T, Outcome<T>>(tasks, true));
  }

  private static <T, R> Task<List<R>> start(Gather<T, R> g) {
    if (g.tasks.length == 0) {
      g.succeed(Collections.emptyList());
      return g;
    }
    for (Task<? extends T> t : g.tasks) {
      if (!t.addListener(g)) {
        g.taskDone(t);
      }
    }
    return g;
  }

  @Override
  public void taskDone(Task<?> task) {
    Throwable failure = task.failureOrNull(); // reads it, so it is never reported as unobserved
    boolean last = (int) REMAINING.getAndAdd(this, -1) == 1;
    if (failure != null && !settled) {
      decideFailure(failure); // asyncio: the other tasks are not cancelled
      return;
    }
    if (last && cancelRequested) {
      decideFailure(cancellation(cancelMessage)); // every child swallowed the cancel: cancelled
      return;
    }
    if (last && !decided()) {
      List<R> values;
      try {
        values = collect();
      } catch (Throwable t) {
        decideFailure(t); // a child failed on another thread just now: its failure has won
        return;
      }
      decide(values);
    }
  }

  @SuppressWarnings("unchecked")
  private List<R> collect() {
    Object[] values = new Object[tasks.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = settled ? Outcome.of(tasks[i]) : tasks[i].result();
    }
    return Collections.unmodifiableList(Arrays.asList((R[]) values));
  }

  /**
   * Cancels every task still running; this task does not end at once but by the usual rules, as
   * asyncio's gather does: with {@link #all}, when the first task ends cancelled (or failed), so
   * that task's cleanup has run before the awaiting body goes on; with {@link #allSettled}, when
   * they have all ended. If every task swallows the cancellation, it still ends cancelled.
   */
  @Override
  public boolean cancel(String message) {
    if (isDone() || decided()) {
      return false;
    }
    cancelMessage = message;
    cancelRequested = true; // read by taskDone after its countdown: one of the two completes
    for (Task<? extends T> t : tasks) {
      t.cancel(message);
    }
    if (remaining == 0) {
      decideFailure(cancellation(message)); // all had ended before they saw the request
    }
    return true;
  }
}
