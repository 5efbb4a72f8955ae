package org.await4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.await4j.internal.TaskListener;

/**
 * {@link Tasks#wait} (asyncio's {@code asyncio.wait}): completes with the done and pending tasks
 * when its {@link WaitMode} is met or its timeout passes. It never cancels the tasks, and
 * cancelling it leaves them running. Thread-safe.
 */
final class TaskWait<T> extends Combinator<WaitResult<T>> implements TaskListener {
  private static final VarHandle REMAINING;

  static {
    try {
      REMAINING = MethodHandles.lookup().findVarHandle(TaskWait.class, "remaining", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final List<Task<T>> tasks;
  private final WaitMode mode;
  private volatile int remaining;
  private volatile Task<Void> timer;

  private TaskWait(List<Task<T>> tasks, WaitMode mode) {
    this.tasks = tasks;
    this.mode = mode;
    this.remaining = tasks.size();
  }

  static <T> Task<WaitResult<T>> start(List<Task<T>> tasks, WaitMode mode, Duration timeout) {
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("no tasks to wait for");
    }
    TaskWait<T> w = new TaskWait<>(tasks, mode);
    for (Task<T> t : tasks) {
      if (!t.addListener(w)) {
        w.taskDone(t);
      }
    }
    if (timeout != null && !w.isDone()) {
      Task<Void> timer = EventLoop.currentOrDefault().schedule(timeout);
      w.timer = timer;
      timer.addListener(done -> {
        // the timeout passed: decided now, published (done and pending read) on the next pass,
        // as asyncio's wait reads them when its body resumes: bodies that the same pass woke
        // (their timers were due first) count as done
        if (!done.isCancelled() && w.decide(null)) {
          w.settled();
        }
      });
      if (w.isDone()) {
        timer.cancel(); // finished while the timer was being set up
      }
    }
    return w;
  }

  @Override
  public void taskDone(Task<?> task) {
    boolean last = (int) REMAINING.getAndAdd(this, -1) == 1;
    if ((last || mode == WaitMode.FIRST_COMPLETED
        || mode == WaitMode.FIRST_EXCEPTION && failed(task)) && decide(null)) {
      settled();
    }
  }

  private static boolean failed(Task<?> task) {
    Throwable f = task.failureOrNull();
    return f != null && !(f instanceof CancellationException);
  }

  /** Decided: the timer and the listeners on the tasks still pending are no longer needed. */
  private void settled() {
    stopTimer();
    List<Task<T>> pending = new ArrayList<>();
    for (Task<T> t : tasks) {
      if (!t.isDone()) {
        pending.add(t);
      }
    }
    forget(pending);
  }

  /** The done and pending tasks when the result is published. */
  @Override
  WaitResult<T> published(WaitResult<T> decided) {
    List<Task<T>> done = new ArrayList<>();
    List<Task<T>> pending = new ArrayList<>();
    for (Task<T> t : tasks) {
      (t.isDone() ? done : pending).add(t);
    }
    return new WaitResult<>(Collections.unmodifiableList(done),
        Collections.unmodifiableList(pending));
  }

  /** The tasks still pending no longer keep this wait (and its lists) reachable. */
  private void forget(List<Task<T>> pending) {
    for (Task<T> t : pending) {
      t.removeListener(this);
    }
  }

  private void stopTimer() {
    Task<Void> t = timer;
    if (t != null) {
      t.cancel();
    }
  }

  /** Stops waiting; the tasks keep running. */
  @Override
  public boolean cancel(String message) {
    if (decided() || !super.cancel(message)) {
      return false;
    }
    stopTimer();
    forget(tasks);
    return true;
  }
}
