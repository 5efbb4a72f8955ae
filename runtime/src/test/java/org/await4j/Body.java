package org.await4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.await4j.internal.AsyncMachine;

/**
 * A scripted {@code @Async} body, written by hand the way the processor writes machines:
 *
 * <pre>{@code
 * @Async Object body(List<Supplier<?>> steps, Supplier<?> cleanup, boolean catchCancel) {
 *   Object last = null;
 *   try {
 *     for (int i = 0; i < steps.size(); i++) {
 *       trace("await " + name + " " + i);
 *       try {
 *         last = await(steps.get(i).get());        // a Task or a CompletionStage
 *       } catch (CancellationException e) {
 *         if (!catchCancel) throw e;
 *         trace("caught cancel");
 *       }
 *       trace("got " + last);
 *     }
 *     return last;
 *   } catch (Throwable t) {
 *     trace("threw " + t);
 *     throw t;
 *   } finally {
 *     if (cleanup != null) { trace("cleanup"); await(cleanup.get()); trace("cleanup done"); }
 *   }
 * }}</pre>
 *
 * <p>Each step also records {@link Task#current()} in {@link #currents}.
 */
final class Body extends AsyncMachine<Object> {
  private final String name;
  private final List<Supplier<?>> steps;
  private final List<String> trace;
  private Supplier<?> cleanup;
  private boolean catchCancel;
  final List<Task<?>> currents = new ArrayList<>();
  private int i;
  private Object last;
  private Throwable pending;

  Body(String name, List<String> trace, List<Supplier<?>> steps) {
    this.name = name;
    this.trace = trace;
    this.steps = steps;
  }

  static Body of(String name, List<String> trace, Supplier<?>... steps) {
    return new Body(name, trace, List.of(steps));
  }

  /** A cleanup step awaited in the body's finally. */
  Body cleanup(Supplier<?> cleanup) {
    this.cleanup = cleanup;
    return this;
  }

  /** The body catches a CancellationException at a step and goes on. */
  Body catchCancel() {
    this.catchCancel = true;
    return this;
  }

  /** A thread-safe trace. */
  static List<String> trace() {
    return Collections.synchronizedList(new ArrayList<>());
  }

  private boolean suspendOn(Object awaitable, int next) {
    return awaitable instanceof Task
        ? suspend((Task<?>) awaitable, next)
        : suspend((CompletionStage<?>) awaitable, next);
  }

  @Override
  protected void resume() {
    for (;;) {
      try {
        switch (state) {
          case 0:
            currents.add(Task.current());
            if (i == steps.size()) {
              state = 2;
              continue;
            }
            trace.add("await " + name + " " + i);
            if (suspendOn(steps.get(i).get(), 1)) {
              return;
            }
          case 1:
            currents.add(Task.current());
            try {
              last = awaited();
            } catch (CancellationException e) {
              if (!catchCancel) {
                throw e;
              }
              trace.add("caught cancel " + name);
            }
            trace.add("got " + name + " " + last);
            i++;
            state = 0;
            continue;
          case 2:
            if (cleanup == null) {
              state = 4;
              continue;
            }
            trace.add("cleanup " + name);
            if (suspendOn(cleanup.get(), 3)) {
              return;
            }
          case 3:
            awaited();
            trace.add("cleanup done " + name);
            state = 4;
          case 4:
            if (pending != null) {
              Throwable p = pending;
              pending = null;
              throw p;
            }
            complete(last);
            return;
          default:
            throw new IllegalStateException("no state " + state);
        }
      } catch (Throwable t) {
        if (state == 0 || state == 1) {
          trace.add("threw " + name + " " + t.getClass().getSimpleName());
          pending = t;
          state = 2; // the finally
          continue;
        }
        if (state == 3) {
          trace.add("cleanup threw " + name + " " + t.getClass().getSimpleName());
        }
        completeExceptionally(t);
        return;
      }
    }
  }
}
