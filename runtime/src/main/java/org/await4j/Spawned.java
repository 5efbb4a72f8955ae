package org.await4j;

import java.util.function.Supplier;
import org.await4j.internal.TaskListener;

/**
 * A task that starts on its loop's next pass (asyncio's {@code create_task}): made by {@link
 * EventLoop#createTask} and {@link Tasks#spawn}. When it runs, it calls its supplier, usually an
 * {@code <Class>Async} stub, and then completes with the outcome of the task the supplier returned.
 *
 * <p>The first {@code @Async} call that the supplier itself makes (not one inside that call) is
 * its <em>body</em>: the body's code runs as this task, so {@link Task#current()} there is this
 * object, and the body takes its name and number. The body's own task object (its machine) stays
 * inside: it completes this task, and this task passes cancels on to it. A body on its fast path
 * that ends without asking for {@code current()} makes no task object at all. The supplier's own
 * code runs as this task too.
 *
 * <p>A task that exists already cannot become this one: if the supplier returns another task (one
 * made before, {@code Task.from(future)}, or a later call than its body), this task only follows
 * it: it ends as that task does and passes cancels on to it. A body that the supplier started
 * but did not return goes on as a task of its own from then on (its first step ran as this one).
 *
 * <p>Cancelled before it runs, it never calls the supplier; cancelled later, it cancels its body
 * (or the task it follows), so a body that catches the cancellation and returns a value makes
 * this task succeed, as in asyncio. Each cancel counts here, for {@link #cancelling()}.
 */
final class Spawned<T> extends Task<T> implements Runnable, TaskListener {
  private final EventLoop loop;
  private Supplier<? extends Task<T>> body;
  /** The body, once it has started, then the task the supplier returned. Guarded by this. */
  private Task<?> started;
  /** Whether a cancel came once the task had started (to pass on), and its last message. */
  private boolean cancelled; // guarded by this
  private String cancelMessage; // guarded by this

  Spawned(EventLoop loop, String name, Supplier<? extends Task<T>> body) {
    this.loop = loop;
    this.body = body;
    inheritContext(); // made on the creating thread: its context, copied
    if (name != null) {
      TaskNames.set(this, name);
    }
    if (loop.inLoop()) {
      numberOn(loop); // made elsewhere: numbered when it starts
    }
  }

  EventLoop loop() {
    return loop;
  }

  /** The body, or the task followed; null before the supplier started one. For dumps. */
  synchronized Task<?> started() {
    return started;
  }

  /** The loop's pass: start the body, unless cancelled first. */
  @Override
  public void run() {
    if (isDone() || !claimStart()) {
      loop.spawnedDone(this);
      return; // cancelled before it ran: the body never runs
    }
    Supplier<? extends Task<T>> b = body;
    body = null;
    Task<T> t;
    Task<?> outer = enterTask(loop);
    int frame = stepOutOfFrame(loop);
    loop.fastFrame = SUPPLIER; // the supplier's own code: its first call may be the body
    numberOn(loop);
    loop.pendingSpawn = this;
    try {
      t = b.get();
    } catch (Throwable e) {
      failWithout(e);
      return;
    } finally {
      loop.pendingSpawn = null;
      exitTask(loop, outer, frame);
    }
    if (t == null) {
      failWithout(new NullPointerException("the supplier given to createTask/spawn returned null"));
      return;
    }
    follow(t);
    if (!t.addListener(this)) {
      taskDone(t);
    }
  }

  /** The supplier failed: so does this task, and a body it started goes on alone. */
  private void failWithout(Throwable failure) {
    Task<?> b = started();
    if (b != null) {
      b.leaveSpawned(loop);
    }
    failWith(failure);
    loop.spawnedDone(this);
  }

  /** The supplier's first call has its task object now: it is this task's body. */
  void bodyStarted(Task<?> task) {
    passCancelsTo(task);
  }

  /** The supplier returned {@code t}: this task ends as it does. */
  private void follow(Task<T> t) {
    Task<?> b;
    synchronized (this) {
      b = started;
    }
    if (b != t) {
      if (b != null) {
        b.leaveSpawned(loop); // not the task returned: a task of its own from now on
      }
      passCancelsTo(t);
    }
  }

  /** Makes {@code t} the task that cancels go to, and passes on those that came before. */
  private void passCancelsTo(Task<?> t) {
    boolean cancelNow;
    String message;
    synchronized (this) {
      started = t;
      cancelNow = cancelled;
      message = cancelMessage;
    }
    if (cancelNow) {
      t.cancel(message); // asked before t was known (or of a body the supplier did not return)
    }
  }

  @Override
  public void taskDone(Task<?> task) {
    Throwable failure = task.failureOrNull();
    if (failure != null) {
      failWith(failure);
    } else {
      @SuppressWarnings("unchecked")
      T value = (T) task.result();
      succeed(value);
    }
    loop.spawnedDone(this);
  }

  @Override
  public boolean cancel(String message) {
    if (isDone()) {
      return false;
    }
    if (cancelBeforeStart(message)) {
      loop.spawnedDone(this); // its run() still comes, and returns at once
      return true;
    }
    countCancel();
    Task<?> t;
    synchronized (this) {
      cancelMessage = message;
      cancelled = true;
      t = started;
      if (t == null) {
        return true; // passed on when the body or the returned task is known
      }
    }
    t.cancel(message);
    return true;
  }

  @Override
  public String toString() {
    Task<?> t = started();
    if (!isDone() && t != null && !t.isDone() && t.face() == this) {
      return t.toString(); // the body's: where it waits, under this task's name
    }
    return isDone() || t != null ? super.toString() : name() + "[not started]";
  }
}
