package org.await4j.internal;

import java.util.concurrent.CompletableFuture;
import org.await4j.EventLoop;
import org.await4j.Task;

/**
 * The fast path's half of every generated state machine (see {@link AsyncMachine}): the statics
 * that the shared body and the stubs call. Not API.
 *
 * <p>A call that does not wait allocates nothing. Each machine class has a static fast(loop, ...) that runs the body with plain locals on the
 * caller's stack, as C# runs an async method until its first await that waits. There it
 * spills: it makes the machine, copies the locals into its fields and suspends it, and hands
 * the machine to its caller (handOff) instead of returning a value. A caller's fast path that
 * finds a task handed off spills in turn. Task.current() inside a fast path makes the task
 * object at once (the body completes or suspends as that object), so everything that keeps a
 * task, Timeout and TaskGroup among them, sees the same task throughout.
 *
 * @param <T> the boxed result type of the source method
 */
public abstract class FastPath<T> extends Task<T> {
  FastPath() {}

  /** The current loop, if a stub may take the fast path on it now; null to start a machine. */
  public static EventLoop fastLoop() {
    EventLoop loop = EventLoop.current();
    return loop == null || org.await4j.Debug.ENABLED || org.await4j.Debug.BLOCKING ? null : loop;
  }

  /**
   * For stubs: the task of a fast path that returned {@code value}: the task it handed off if
   * it did (then {@code value} is a placeholder), else a done task of {@code value}.
   */
  public static <T> Task<T> fastTask(EventLoop loop, T value) {
    Task<T> handedOff = takeHandedOff(loop);
    return handedOff != null ? handedOff : Task.completed(value);
  }

  /** For stubs: what the fast path handed off, or null if it returned its value. */
  @SuppressWarnings("unchecked")
  public static <T> Task<T> takeHandedOff(EventLoop loop) {
    return (Task<T>) takeHandedOffOf(loop);
  }

  /**
   * Numbers a machine class for its fast path: {@code identity} makes its task object if the
   * body asks for {@code Task.current()} (see {@link Identities}).
   */
  protected static int fastFrame(java.util.function.Supplier<? extends Task<?>> identity) {
    return Identities.register(identity);
  }

  /**
   * {@link #fastFrame(java.util.function.Supplier)}, in the one field that also registers the
   * class's {@code sourceLines}, made first.
   */
  protected static int fastFrame(java.util.function.Supplier<? extends Task<?>> identity,
      Object sourceLines) {
    return fastFrame(identity);
  }

  /**
   * Whether an await on the fast path can go on at once: {@code awaitable} is a done task or a
   * done CompletableFuture. A yield never is: it must go round the loop.
   */
  protected static boolean fastDone(Object awaitable) {
    if (awaitable instanceof Task) {
      return awaitable != AsyncMachine.YIELD && ((Task<?>) awaitable).isDone();
    }
    // not a cast: a minimalCompletionStage() is a CompletableFuture whose isDone() throws
    return awaitable instanceof CompletableFuture
        && ((CompletableFuture<?>) awaitable).toCompletableFuture().isDone();
  }

  /**
   * The outcome of an await in a shared body: {@code awaitable} is its {@code machine} when the
   * machine resumed there from a real wait (then as {@link AsyncMachine#awaited()}), else a done task or
   * future that {@link #fastDone} found done.
   */
  protected static Object fastValue(AsyncMachine<?> machine, Object awaitable) {
    if (awaitable == machine && machine != null) {
      return machine.awaited();
    }
    Throwable failure;
    if (awaitable instanceof Task) {
      try {
        return awaitedResult((Task<?>) awaitable); // its value, or its exception rethrown
      } catch (Throwable t) {
        if (!firstToTrace((Task<?>) awaitable)) {
          throw Exceptions.sneakyThrow(t);
        }
        failure = t;
      }
    } else {
      try {
        return ((CompletableFuture<?>) awaitable).toCompletableFuture().join();
      } catch (Throwable t) {
        failure = Exceptions.unwrap(t);
      }
    }
    // the awaiting fast path is the caller's frame: a walk only on this failure path
    StackWalker.StackFrame caller = StackWalker.getInstance()
        .walk(s -> s.skip(1).findFirst().orElse(null));
    if (caller != null) {
      SourceLines lines = SourceLines.of(caller.getClassName());
      if (lines != null) {
        AsyncStackTraces.passedTo(failure, lines, lines.sourceLine(caller.getLineNumber()),
            true);
      }
    }
    throw Exceptions.sneakyThrow(failure);
  }

  /**
   * For generated machines: a handler of the body (a catch clause or a finally block) takes
   * {@code failure}, which may have come up through fast paths' frames and awaiting bodies. Its
   * trace is written when the clause that catches it lets it go ({@link #withTrace}).
   */
  protected static Throwable caught(Throwable failure) {
    AsyncStackTraces.caught(failure);
    return failure;
  }

  /**
   * For generated machines: a catch clause that uses its exception where the trace can be read
   * (passes it on, keeps it, rethrows it, prints it) gets it with the trace of the blocking run,
   * written now.
   */
  protected static Throwable withTrace(Throwable failure) {
    AsyncStackTraces.written(failure);
    return failure;
  }

  /**
   * For generated machines: an exception the body makes and does not throw at once (keeps it,
   * wraps it, fails a task with it) gets the user's frames now, as a thrown one does later.
   */
  protected static <X extends Throwable> X made(X made) {
    return AsyncStackTraces.made(made);
  }

  /**
   * For generated machines: a catch clause that reads at most its exception's message or class
   * (or does not name it) gets it as it is: nothing can read its trace there, so writing it waits
   * until something does (see {@link AsyncStackTraces}).
   */
  protected static Throwable messageOnly(Throwable failure) {
    AsyncStackTraces.held(failure);
    return failure;
  }

  /**
   * For generated stubs: a fast path threw {@code failure} to its stub, which hands it out as a
   * failed task; its generated frames become the user's when it is read.
   */
  public static <T> Task<T> failedCall(Throwable failure) {
    AsyncStackTraces.left(failure);
    return Task.failed(failure);
  }

  /**
   * Registers what stack traces need to know of a machine class's source (see {@link
   * SourceLines#register}); generated machines keep the result in a static field.
   */
  protected static Object sourceLines(Class<?> machine, String sourceClass, String method,
      String file, boolean sharedBody, int[] stateLines, String... lineMap) {
    return SourceLines.register(machine, sourceClass, method, file, sharedBody, stateLines,
        lineMap);
  }

  /**
   * A fast path called on a receiver that overrides the method ran the override's {@code task}
   * (through a twin without a fast path of its own, see {@link Overrides}):
   * its value if done, else the task is handed off (the caller awaits it, as a spilled machine)
   * and {@code ifHandedOff} is returned, which nobody reads.
   */
  protected static <T> T overrideFast(EventLoop loop, Task<T> task, T ifHandedOff) {
    if (!task.isDone()) {
      handOff(loop, task);
      return ifHandedOff;
    }
    return task.result();
  }

  /**
   * The machine a shared body spills into: {@code running} if the machine runs it; else the task
   * object {@code Task.current()} made for this fast path, or a new machine of the class
   * numbered {@code frame}.
   */
  @SuppressWarnings("unchecked")
  protected static <M extends AsyncMachine<?>> M spillInto(M running, EventLoop loop, int frame) {
    if (running != null) {
      return running;
    }
    M made = identity(loop);
    return made != null ? made : (M) Identities.make(frame);
  }

  /**
   * The machine that {@code Task.current()} made for the running fast path, or null. (For a
   * spawned task's body, {@code Task.current()} gave the spawned task; this machine is behind it.)
   */
  @SuppressWarnings("unchecked")
  protected static <M extends AsyncMachine<?>> M identity(EventLoop loop) {
    return (M) frameTask(loop);
  }

  /** Whether {@code Task.current()} made a task object for the running fast path. */
  protected static boolean hasIdentity(EventLoop loop) {
    return frameTask(loop) != null;
  }

  /**
   * The shared body begins: run by its machine, nothing to do (0); run as a fast path on the
   * caller's stack, it enters its frame ({@link #enterFast}), and whatever ends the run ({@link
   * #returnFast}, {@link #failFast}, a spill's {@code resumeFromFast}) leaves it, given what this
   * returned.
   */
  protected static int enterBody(AsyncMachine<?> machine, EventLoop loop, int frame) {
    return machine != null ? 0 : enterFast(loop, frame);
  }

  /**
   * The shared body returns {@code value}: run by its {@code machine} (not null), the machine
   * completes with it. Run as a fast path: if it was given its task object, that completes too,
   * and the caller awaits it (its listeners run as for any task); then the fast path's frame,
   * entered by {@link #enterBody} (which gave {@code outer}), is left.
   */
  @SuppressWarnings("unchecked")
  protected static void returnFast(AsyncMachine<?> machine, EventLoop loop, int outer,
      Object value) {
    if (machine != null) {
      ((AsyncMachine<Object>) machine).complete(value);
      return;
    }
    AsyncMachine<Object> m = identity(loop);
    if (m != null) {
      m.complete(value);
      handOff(loop, m);
    }
    exitFast(loop, outer);
  }

  /**
   * Whether a returned value completes something (the machine, or the fast path's task object)
   * and must go to {@link #returnFast}; else the fast path's frame is left here, and nothing is
   * boxed.
   */
  private static boolean completes(AsyncMachine<?> machine, EventLoop loop, int outer) {
    if (machine != null || hasIdentity(loop)) {
      return true;
    }
    exitFast(loop, outer);
    return false;
  }

  /**
   * The shared body returns {@code value}: {@link #returnFast}, and {@code value} back for the
   * fast path's caller. One method per kind of value, so that a primitive is boxed only when
   * something completes with it.
   */
  protected static <T> T returned(AsyncMachine<?> machine, EventLoop loop, int outer, T value) {
    if (completes(machine, loop, outer)) {
      returnFast(machine, loop, outer, value);
    }
    return value;
  }

  /** {@link #returned(AsyncMachine, EventLoop, int, Object)} of an {@code int}. */
  protected static int returnedInt(AsyncMachine<?> machine, EventLoop loop, int outer,
      int value) {
    if (completes(machine, loop, outer)) {
      returnFast(machine, loop, outer, value);
    }
    return value;
  }

  /** {@link #returned(AsyncMachine, EventLoop, int, Object)} of a {@code long}. */
  protected static long returnedLong(AsyncMachine<?> machine, EventLoop loop, int outer,
      long value) {
    if (completes(machine, loop, outer)) {
      returnFast(machine, loop, outer, value);
    }
    return value;
  }

  /** {@link #returned(AsyncMachine, EventLoop, int, Object)} of a {@code double}. */
  protected static double returnedDouble(AsyncMachine<?> machine, EventLoop loop, int outer,
      double value) {
    if (completes(machine, loop, outer)) {
      returnFast(machine, loop, outer, value);
    }
    return value;
  }

  /** {@link #returned(AsyncMachine, EventLoop, int, Object)} of a {@code float}. */
  protected static float returnedFloat(AsyncMachine<?> machine, EventLoop loop, int outer,
      float value) {
    if (completes(machine, loop, outer)) {
      returnFast(machine, loop, outer, value);
    }
    return value;
  }

  /** {@link #returned(AsyncMachine, EventLoop, int, Object)} of a {@code boolean}. */
  protected static boolean returnedBoolean(AsyncMachine<?> machine, EventLoop loop, int outer,
      boolean value) {
    if (completes(machine, loop, outer)) {
      returnFast(machine, loop, outer, value);
    }
    return value;
  }

  /**
   * The shared body ends with {@code failure} that no handler caught: run by its {@code machine}
   * (not null), the machine fails with it. Run as a fast path: if it was given its task object,
   * that fails, and the caller awaits it; else {@code failure} is thrown on to the caller. Either
   * way the fast path's frame is left first (see {@link #enterBody}).
   */
  protected static void failFast(AsyncMachine<?> machine, EventLoop loop, int outer,
      Throwable failure) {
    if (machine != null) {
      machine.completeExceptionally(failure);
      return;
    }
    AsyncMachine<?> m = identity(loop);
    if (m == null) {
      exitFast(loop, outer);
      throw Exceptions.sneakyThrow(failure);
    }
    m.completeExceptionally(failure);
    handOff(loop, m);
    exitFast(loop, outer);
  }

  /**
   * {@link #failFast} from a body that returns a reference: the body returns what this gives,
   * which nobody reads (one call, so that the generated handler is one statement).
   */
  protected static <T> T failed(AsyncMachine<?> machine, EventLoop loop, int outer,
      Throwable failure) {
    failFast(machine, loop, outer, failure);
    return null;
  }

  /** {@link #failed} from a body that returns an {@code int}. */
  protected static int failedInt(AsyncMachine<?> machine, EventLoop loop, int outer,
      Throwable failure) {
    failFast(machine, loop, outer, failure);
    return 0;
  }

  /** {@link #failed} from a body that returns a {@code long}. */
  protected static long failedLong(AsyncMachine<?> machine, EventLoop loop, int outer,
      Throwable failure) {
    failFast(machine, loop, outer, failure);
    return 0L;
  }

  /** {@link #failed} from a body that returns a {@code double}. */
  protected static double failedDouble(AsyncMachine<?> machine, EventLoop loop, int outer,
      Throwable failure) {
    failFast(machine, loop, outer, failure);
    return 0d;
  }

  /** {@link #failed} from a body that returns a {@code float}. */
  protected static float failedFloat(AsyncMachine<?> machine, EventLoop loop, int outer,
      Throwable failure) {
    failFast(machine, loop, outer, failure);
    return 0f;
  }

  /** {@link #failed} from a body that returns a {@code boolean}. */
  protected static boolean failedBoolean(AsyncMachine<?> machine, EventLoop loop, int outer,
      Throwable failure) {
    failFast(machine, loop, outer, failure);
    return false;
  }
}
