package org.await4j;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * The values of {@link TaskLocal}s that a task sees (asyncio's {@code contextvars.Context}): an
 * immutable list, newest first, so that a copy is a reference and a {@code set} makes one node.
 *
 * <p>Kept beside the tasks rather than in a field of every task, like {@link TaskNames}: most
 * programs never set a task-local, and then nothing is paid but one read of {@link #used} where a
 * task is made.
 */
final class TaskContext {
  /** Where a task has no entry: the empty context. */
  private static final Map<Task<?>, TaskContext> BY_TASK = new WeakHashMap<>();
  /** The context of a thread that runs no loop: plain code, {@code toThread} work. */
  private static final ThreadLocal<TaskContext> OFF_LOOP = new ThreadLocal<>();
  /** Set once a task-local is first set: until then there is nothing to carry. */
  static volatile boolean used;

  final TaskLocal<?> key;
  final Object value;
  final TaskContext next;

  private TaskContext(TaskLocal<?> key, Object value, TaskContext next) {
    this.key = key;
    this.value = value;
    this.next = next;
  }

  /** The value of {@code key} here, or {@code missing}. */
  static Object lookup(TaskContext c, TaskLocal<?> key, Object missing) {
    for (; c != null; c = c.next) {
      if (c.key == key) {
        return c.value;
      }
    }
    return missing;
  }

  /** The context the calling code runs in now, or null (empty). */
  static TaskContext current() {
    if (!used) {
      return null;
    }
    EventLoop loop = EventLoop.current();
    if (loop == null) {
      return OFF_LOOP.get();
    }
    Task<?> task = loop.currentTask; // inside a fast path without its own task: its caller's
    return task != null ? of(task) : loop.callbackContext;
  }

  /** Sets {@code key} to {@code value} in the calling code's own context. */
  static void set(TaskLocal<?> key, Object value) {
    used = true;
    EventLoop loop = EventLoop.current();
    if (loop == null) {
      OFF_LOOP.set(new TaskContext(key, value, OFF_LOOP.get()));
      return;
    }
    Task<?> task = Task.running(loop); // its own task object now (a spawned body's, not the face)
    if (task == null) {
      loop.callbackContext = new TaskContext(key, value, loop.callbackContext);
      return;
    }
    synchronized (BY_TASK) {
      BY_TASK.put(task, new TaskContext(key, value, BY_TASK.get(task)));
    }
  }

  static TaskContext of(Task<?> task) {
    synchronized (BY_TASK) {
      return BY_TASK.get(task);
    }
  }

  /** {@code child} starts with {@code context} (a copy: what either sets later stays its own). */
  static void give(Task<?> child, TaskContext context) {
    if (context != null) {
      synchronized (BY_TASK) {
        BY_TASK.putIfAbsent(child, context);
      }
    }
  }

  /** Runs {@code work} on a thread that runs no loop, in {@code context}. */
  static <T> T callIn(TaskContext context, java.util.concurrent.Callable<T> work)
      throws Exception {
    TaskContext before = OFF_LOOP.get();
    OFF_LOOP.set(context);
    try {
      return work.call();
    } finally {
      if (before == null) {
        OFF_LOOP.remove();
      } else {
        OFF_LOOP.set(before);
      }
    }
  }

  /** {@code callback}, to run on a loop in the context current now (asyncio's callbacks). */
  static Runnable carrying(Runnable callback) {
    return used ? within(current(), callback) : callback;
  }

  /** {@code callback}, to run on a loop in {@code context}. */
  static Runnable within(TaskContext context, Runnable callback) {
    if (context == null) {
      return callback;
    }
    return () -> {
      EventLoop loop = EventLoop.current();
      TaskContext before = loop.callbackContext;
      loop.callbackContext = context;
      try {
        callback.run();
      } finally {
        loop.callbackContext = before;
      }
    };
  }
}
