package org.await4j.sync;

import java.util.List;
import java.util.function.Supplier;
import org.await4j.EventLoop;
import org.await4j.Task;
import org.await4j.internal.AsyncMachine;

/**
 * A state machine written by hand the way the processor writes them, standing for the body
 *
 * <pre>{@code
 * @Async Object script(Step... steps) {
 *   try {
 *     Object last = null;
 *     for (Step s : steps) {
 *       Object r = s.run(last);
 *       last = r instanceof Task ? await((Task<?>) r) : r;
 *     }
 *     return last;
 *   } finally {
 *     atExit.run();
 *   }
 * }}</pre>
 *
 * so that tests can write ordering scripts of real machines: each step returns the task to await
 * next (a lock acquisition, a queue get) or a plain value.
 */
final class Script extends AsyncMachine<Object> {
  /** One step of the body. */
  @FunctionalInterface
  interface Step {
    Object run(Object previous) throws Exception;
  }

  private final Step[] steps;
  private Runnable atExit = () -> {};
  private int next;
  private Object last;

  private Script(Step[] steps) {
    this.steps = steps;
  }

  /** A script of {@code steps}, not started. */
  static Script of(Step... steps) {
    return new Script(steps);
  }

  /** Runs {@code r} on every exit, as a {@code finally} around the whole body. */
  Script atExit(Runnable r) {
    this.atExit = r;
    return this;
  }

  /** Starts the machine (at once on the current loop) and returns it. */
  Script started() {
    start();
    return this;
  }

  @Override
  protected void resume() {
    for (;;) {
      try {
        if (state == 1) {
          state = 0;
          last = awaited();
        }
        if (next == steps.length) {
          atExit.run();
          complete(last);
          return;
        }
        Object r = steps[next++].run(last);
        if (r instanceof Task<?> t) {
          if (suspend(t, 1)) {
            return;
          }
        } else {
          last = r;
        }
      } catch (Throwable t) {
        state = 0;
        atExit.run();
        completeExceptionally(t);
        return;
      }
    }
  }

  // ---- helpers for scripts ----

  /** A task that completes in a later pass of the current loop: asyncio's {@code sleep(0)}. */
  static Task<Void> pass() {
    Pass p = new Pass();
    EventLoop.current().execute(p);
    return p;
  }

  /** A task done when all of {@code tasks} are, whatever their outcomes. */
  static Task<Void> all(List<? extends Task<?>> tasks) {
    All all = new All(tasks.size());
    for (Task<?> t : tasks) {
      if (!t.addListener(all)) {
        all.taskDone(t);
      }
    }
    return all;
  }

  /** Runs {@code body} on a new loop, then runs the loop until {@code body}'s task is done. */
  static <T> T onLoop(Supplier<Task<T>> body) {
    return EventLoop.run(body);
  }

  /** Runs {@code body} on a new loop and returns. */
  static void onLoop(Runnable body) {
    EventLoop.run(() -> {
      body.run();
      return Task.completed(null);
    });
  }

  private static final class Pass extends Task<Void> implements Runnable {
    @Override
    public void run() {
      succeed(null);
    }
  }

  private static final class All extends Task<Void>
      implements org.await4j.internal.TaskListener {
    private int left;

    All(int n) {
      left = n;
      if (n == 0) {
        succeed(null);
      }
    }

    @Override
    public void taskDone(Task<?> task) {
      if (--left == 0) {
        succeed(null);
      }
    }
  }
}
