package org.await4j;

import java.util.Objects;

/**
 * A value per task (asyncio's {@code contextvars.ContextVar}), where a {@code ThreadLocal} would
 * be shared by every task of a loop thread.
 *
 * <pre>{@code
 * static final TaskLocal<String> REQUEST_ID = new TaskLocal<>("requestId");
 *
 * @Async void handle(Request r) {
 *   REQUEST_ID.set(r.id());
 *   await(Tasks.spawn(() -> ServiceAsync.audit(this)));  // audit sees r.id()
 * }
 * }</pre>
 *
 * <p>Each task starts with a copy of the context of the code that made it: a task started by a
 * stub call, {@link Tasks#spawn}, {@link EventLoop#createTask} or {@link TaskGroup#spawn}. Values
 * set inside a task stay in it: neither its creator nor its siblings see them. The context is
 * also carried into {@link Tasks#toThread} work, into {@link Task#addDoneCallback} callbacks and
 * {@link EventLoop#callLater}/{@link EventLoop#callAt} callbacks, each seeing the context of the
 * code that scheduled it. Code on a thread that runs no loop has a context of its own thread.
 *
 * <p>One difference from asyncio: there, {@code await coro()} runs the coroutine in the
 * caller's own context, so what it sets is seen by the caller afterwards; here every {@code
 * @Async} call is a task of its own, with a copy, as {@code create_task} gives.
 *
 * @param <T> the value's type
 */
public final class TaskLocal<T> {
  private static final Object MISSING = new Object();

  private final String name;
  private final T defaultValue;

  /** A task-local whose value is {@code null} until set. */
  public TaskLocal(String name) {
    this(name, null);
  }

  /** A task-local whose value is {@code defaultValue} until set (asyncio's {@code default}). */
  public TaskLocal(String name, T defaultValue) {
    this.name = Objects.requireNonNull(name, "name");
    this.defaultValue = defaultValue;
  }

  /** The value in the current task's context, or the default (asyncio's {@code get()}). */
  @SuppressWarnings("unchecked")
  public T get() {
    Object v = TaskContext.lookup(TaskContext.current(), this, MISSING);
    return v == MISSING ? defaultValue : (T) v;
  }

  /** Sets the value in the current task's context only (asyncio's {@code set()}). */
  public void set(T value) {
    TaskContext.set(this, value);
  }

  /** Back to the default in the current task's context. */
  public void remove() {
    TaskContext.set(this, MISSING);
  }

  /** The name given (asyncio's {@code name}). */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return "TaskLocal[" + name + "]";
  }
}
