package org.await4j;

import java.util.List;
import org.await4j.internal.AsyncMachine;

/**
 * An {@code @Async} body with a fast path, written by hand the way the processor writes one
 * (compare a generated {@code <Class>Async_<method>}: the stub, {@code fast}, the shared {@code
 * body$} and {@code spill$}):
 *
 * <pre>{@code
 * @Async String fastBody(Runnable first, Object awaitable, List<Task<?>> currents) {
 *   if (first != null) first.run();            // plain code: may call other stubs
 *   if (currents != null) currents.add(Task.current());
 *   String v = await(awaitable);               // a Task or a CompletionStage
 *   if (currents != null) currents.add(Task.current());
 *   return v + "!";
 * }}</pre>
 *
 * <p>Called on a loop, {@link #call} runs it on the caller's stack: it returns a done task if the
 * await did not wait (a task object is made only if the body asked for {@code Task.current()}),
 * else it spills into a machine and returns that.
 */
final class FastBody extends AsyncMachine<String> {
  private static final int FRAME$ = fastFrame(FastBody::new);

  private Runnable first;
  private Object awaitable;
  private List<Task<?>> currents;

  private FastBody(Runnable first, Object awaitable, List<Task<?>> currents) {
    this.first = first;
    this.awaitable = awaitable;
    this.currents = currents;
  }

  /** The task object of a fast path that asked for it; its fields come later. */
  private FastBody() {}

  /** The stub, {@code FastBodyAsync.fastBody(...)}. */
  static Task<String> call(Runnable first, Object awaitable, List<Task<?>> currents) {
    EventLoop loop$ = AsyncMachine.fastLoop();
    if (loop$ == null) {
      return new FastBody(first, awaitable, currents).start();
    }
    String result$;
    try {
      result$ = fast(loop$, first, awaitable, currents);
    } catch (Throwable failure$) {
      return AsyncMachine.failedCall(failure$);
    }
    Task<String> handed$ = AsyncMachine.takeHandedOff(loop$);
    return handed$ != null ? handed$ : Task.completed(result$);
  }

  static Task<String> call(Object awaitable, List<Task<?>> currents) {
    return call(null, awaitable, currents);
  }

  @Override
  protected void resume() {
    body$(this, loop(), state, this, first, awaitable, currents);
  }

  static String fast(EventLoop loop$, Runnable first, Object awaitable, List<Task<?>> currents) {
    return body$(null, loop$, 0, null, first, awaitable, currents);
  }

  private static String body$(FastBody machine$, EventLoop loop$, int state, Object awaited$,
      Runnable first, Object awaitable, List<Task<?>> currents) {
    int outer$ = enterBody(machine$, loop$, FRAME$);
    for (;;) {
      try {
        switch (state) {
          case 0: {
            if (first != null) {
              first.run();
            }
            if (currents != null) {
              currents.add(Task.current());
            }
            awaited$ = awaitable;
            if (!fastDone(awaited$)) {
              return spill$(machine$, loop$, 1, awaited$, outer$, first, awaitable, currents);
            }
            state = 1;
          }
          case 1: {
            String v = (String) fastValue(machine$, awaited$);
            if (currents != null) {
              currents.add(Task.current());
            }
            String result$ = v + "!";
            returnFast(machine$, loop$, outer$, result$);
            return result$;
          }
          default:
            throw new IllegalStateException("no such state: " + state);
        }
      } catch (Throwable failure) {
        failFast(machine$, loop$, outer$, failure);
        return null;
      }
    }
  }

  private static String spill$(FastBody machine$, EventLoop loop$, int state$, Object awaited$,
      int outer$, Runnable first, Object awaitable, List<Task<?>> currents) {
    boolean running$ = machine$ != null;
    machine$ = spillInto(machine$, loop$, FRAME$);
    machine$.first = first;
    machine$.awaitable = awaitable;
    machine$.currents = currents;
    return machine$.resumeFromFast(loop$, state$, awaited$, running$, outer$);
  }

  @Override
  protected void clearLocals() {
    first = null;
    awaitable = null;
    currents = null;
  }
}
