package org.await4j;

import java.util.function.Supplier;
import org.await4j.internal.TaskListener;

/**
 * A task that starts on its loop's next pass (asyncio's {@code create_task}): made by {@link
 * EventLoop#createTask} and {@link Tasks#spawn}. When it runs, it calls its supplier, usually an
 * {@code <Class>Async} stub, and then completes with the outcome of the task the supplier returned.
 *
 * <p>Cancelled before it runs, it never calls the supplier; cancelled later, it cancels the task
 * the supplier started and ends as that task ends (so a body that catches the cancellation and
 * returns a value makes this task succeed, as in asyncio).
 */
final class Spawned<T> extends Task<T> implements Runnable, TaskListener {
  private final EventLoop loop;
  private Supplier<? extends Task<T>> body;
  private volatile Task<T> started;
  private volatile boolean cancelRequested;
  private volatile String cancelMessage;

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

  /** The task the supplier started, or null before that; for dumps of pending tasks. */
  Task<T> started() {
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
    numberOn(loop);
    loop.pendingSpawn = this;
    try {
      t = b.get();
    } catch (Throwable e) {
      failWith(e);
      loop.spawnedDone(this);
      return;
    } finally {
      loop.pendingSpawn = null;
      exitTask(loop, outer, frame);
    }
    if (t == null) {
      failWith(new NullPointerException("the supplier given to createTask/spawn returned null"));
      loop.spawnedDone(this);
      return;
    }
    started = t;
    if (cancelRequested) {
      t.cancel(cancelMessage); // cancelled (from another thread) while the supplier ran
    }
    if (!t.addListener(this)) {
      taskDone(t);
    }
  }

  @Override
  public void taskDone(Task<?> task) {
    Task<T> t = started;
    Throwable failure = t.failureOrNull();
    if (failure != null) {
      failWith(failure);
    } else {
      succeed(t.result());
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
    cancelMessage = message;
    cancelRequested = true; // read by run() after it publishes started: one of the two cancels
    Task<T> t = started;
    if (t != null) {
      t.cancel(message);
    }
    return true;
  }
}
