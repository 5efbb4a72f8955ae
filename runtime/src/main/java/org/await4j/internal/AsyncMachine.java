package org.await4j.internal;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.await4j.EventLoop;
import org.await4j.Task;

/**
 * The base class of every generated state machine. Not API.
 *
 * <p>A machine is its own task and its own continuation: awaiting another {@link Task} registers
 * the machine itself as the listener, and resuming it is scheduling the machine itself on its
 * loop, so a suspension allocates nothing. The generated {@link #resume()} is a {@code switch}
 * over {@link #state}; each suspension point is
 *
 * <pre>{@code if (suspend(task, NEXT)) return;   // state = NEXT; falls through if task is done
 * case NEXT: value = (T) awaited();}</pre>
 *
 * <p>so awaiting a task that is already done continues in the same frame without recursion.
 *
 * <p>While {@link #resume()} runs, the machine is its loop's {@link Task#current()}, or, if it
 * is the body of a spawned task ({@code Tasks.spawn}), that task is, which it completes. A machine
 * started from a thread that runs no loop is queued on the default loop; cancelled before it
 * runs, it never runs.
 *
 * @param <T> the boxed result type of the source method
 */
public abstract class AsyncMachine<T> extends FastPath<T> implements Runnable, TaskListener {
  /**
   * What {@code Tasks.yieldNow()} returns: a task that is already done, so that everything but a
   * machine sees a no-op; a machine that awaits it goes to the back of its loop's ready queue
   * instead, without allocating.
   */
  public static final Task<Void> YIELD = Task.completed(null);

  /** {@link #interrupt}'s value for a plain {@link #cancel()}. */
  static {
    // What a failing body needs, initialized with the first machine class rather than by the
    // first failure, which may come deep in a recursion: a StackOverflowError inside a class's
    // initializer leaves the class unusable for the rest of the run (NoClassDefFoundError)
    for (String name : new String[] {"org.await4j.internal.AsyncStackTraces",
        "org.await4j.internal.AsyncStackTraces$Record", "org.await4j.internal.TraceFrames",
        "org.await4j.internal.Exceptions", "org.await4j.UnobservedFailures",
        "org.await4j.TaskNames"}) {
      try {
        Class.forName(name, true, AsyncMachine.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new ExceptionInInitializerError(e);
      }
    }
  }

  private static final Object CANCEL = new Object();
  /**
   * {@link #interrupt}'s value while a cancel was forwarded to the awaited task, which accepted
   * it: its outcome decides (cleared when the machine resumes); no scope converts meanwhile.
   */
  private static final Object FORWARDED = new Object();

  /** The state to run next; the generated resume() switches on it. */
  protected int state;

  private EventLoop loop;
  /** What the machine awaits: a {@link Task} (a {@link StageGate} for a pending stage), the outcome of a done stage, or null. */
  private Object awaiting;
  /**
   * null; CANCEL or a {@link CancelRequest}, pending: thrown at the next await that really
   * waits; such a request {@link Armed}, when the machine resumes from a wait: thrown by that
   * await; or FORWARDED, while the awaited task decides.
   */
  private Object interrupt;

  protected AsyncMachine() {}

  /**
   * Starts the machine: at once on the calling thread's loop, up to its first suspension (as C#
   * and JavaScript do); from any other thread, on the default loop.
   */
  public final Task<T> start() {
    if (org.await4j.Debug.ENABLED) {
      org.await4j.Debug.started(this);
    }
    EventLoop current = EventLoop.current();
    inheritContext(); // a volatile read unless a TaskLocal was ever set
    if (current != null) {
      loop = current;
      startingOn(current);
      step();
      shared();
    } else {
      loop = EventLoop.currentOrDefault();
      loop.execute(this);
    }
    return this;
  }

  /**
   * Where the body is now: the source method and the line of the current state, from the table
   * its generated class registered (a class without one is named with its state); while its step
   * runs ({@link #isRunning()}), the line it runs, read from this thread's stack.
   */
  public String where() {
    SourceLines s = SourceLines.of(getClass().getName());
    if (s == null) {
      return getClass().getSimpleName() + " state " + state;
    }
    String c = s.sourceClass;
    String simple = c.substring(Math.max(c.lastIndexOf('.'), c.lastIndexOf('$')) + 1);
    int line = isRunning() ? runningLine(s) : 0;
    return simple + "." + s.method + ", line " + (line > 0 ? line : s.lineOfState(state));
  }

  /** Whether this machine's step runs now, on this thread (it asks where it is, say). */
  public final boolean isRunning() {
    EventLoop current = EventLoop.current();
    return current != null && current == loop && stepTask(current) == this;
  }

  /**
   * The source line of this class's outermost frame on this thread's stack that runs a line of
   * the body (its step's; a recursive call's fast path would be above it), 0 if none.
   */
  private int runningLine(SourceLines s) {
    String name = getClass().getName();
    StackTraceElement[] frames = new Throwable().getStackTrace();
    for (int i = frames.length - 1; i >= 0; i--) {
      if (frames[i].getClassName().equals(name)) {
        int line = s.sourceLine(frames[i].getLineNumber());
        if (line > 0) {
          return line;
        }
      }
    }
    return 0;
  }

  /**
   * The {@code @Async} bodies that await the machine whose step runs on {@code loop} now, nearest
   * first, each as its source table and the line where it waits (through combinators and
   * spawned tasks between them): the frames that an exception caught or made in that step lacks,
   * which the blocking run has on its stack. Empty off a loop or outside a machine's step.
   */
  static java.util.List<Object> awaitingChain(EventLoop loop) {
    Task<?> t = loop == null ? null : stepTask(loop);
    if (!(t instanceof AsyncMachine) || listenersOf(t).isEmpty()) {
      return java.util.List.of(); // nothing awaits it (a loop's main task, say): the common case
    }
    java.util.List<Object> out = new java.util.ArrayList<>();
    java.util.Set<Task<?>> seen =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    while (t != null && seen.add(t) && out.size() < 2 * 1024) {
      Task<?> next = null;
      for (Task<?> l : listenersOf(t)) {
        if (l instanceof AsyncMachine) {
          AsyncMachine<?> m = (AsyncMachine<?>) l;
          SourceLines lines = SourceLines.of(m.getClass().getName());
          if (lines != null) {
            out.add(lines);
            out.add(lines.lineOfState(m.state));
          }
          next = m;
          break;
        }
        if (next == null) {
          next = l; // a combinator or a spawned task: the bodies awaiting it come next
        }
      }
      t = next;
    }
    return out;
  }

  /** The task this machine is suspended on, or null. For debugging. */
  public final Task<?> awaitedTask() {
    Object a = awaiting;
    return a instanceof Task ? (Task<?>) a : null;
  }

  @Override
  public String toString() {
    return isDone() ? super.toString() : name() + "[pending at " + where() + "]";
  }

  /**
   * The shared body must wait at state {@code next} on {@code awaitable}, its locals now in this
   * machine's fields. {@code running}: the machine itself runs the body (a later await), so it
   * only suspends. Else a fast path spilled into it: it suspends and is handed off to the caller,
   * and the fast path's frame is left ({@code outer}: see {@code enterBody}). Returns null, which
   * a spill of a body with a reference result returns in place of the value: nobody reads it (the
   * caller finds the machine handed off, or the machine runs the body and reads nothing).
   */
  protected final <V> V resumeFromFast(EventLoop loop, int next, Object awaitable,
      boolean running, int outer) {
    if (!running) {
      if (this.loop == null) {
        this.loop = loop;
        inheritContext(); // the caller's task is current here: its context, copied
        startingFromFast(loop);
        if (org.await4j.Debug.ENABLED) {
          org.await4j.Debug.started(this); // a direct call's machine, made here, not by start()
        }
      }
      shared();
    }
    boolean waits = awaitable instanceof Task ? suspend((Task<?>) awaitable, next)
        : suspend((CompletionStage<?>) awaitable, next);
    if (running) {
      if (!waits) {
        // done meanwhile, or an await that throws at once: the body reads it now, run again by
        // step() once this call has returned; a call of resume() from here would nest, and a
        // loop of such awaits (a callee whose scope made it a task, done at once) would nest
        // ever deeper until the stack overflowed
        setResumeAgain(loop, this);
      }
      return null;
    }
    if (!waits) {
      step(); // done meanwhile (completed on another thread, or handed off done): go on
    }
    // only now: calls made in that step take what their own callees hand off
    handOff(loop, this);
    exitFast(loop, outer);
    return null;
  }

  /**
   * For a machine whose body has no fast path: starts it on {@code loop} as a stub would.
   * Returns true if it succeeded at once ({@link #resultNow()} has the value); else it is
   * handed off to the caller.
   */
  protected final boolean startFast(EventLoop loop) {
    start();
    if (isDone() && !isFailed()) {
      return true;
    }
    handOff(loop, this);
    return false;
  }

  /** The value of a machine that {@link #startFast} found succeeded. */
  protected final T resultNow() {
    return valueNow();
  }

  @Override
  protected final void adopt(EventLoop loop) {
    this.loop = loop;
    super.adopt(loop);
  }

  /** Runs the generated state machine up to its next suspension or its end. */
  protected abstract void resume();

  /** Called by the loop: one step of the body. Not for users. */
  @Override
  public final void run() {
    if (!isDone() && claimStart()) { // claimStart: false if cancelled before its first step
      Object a = awaiting;
      if (a instanceof ClaimOnResume) {
        // woken by a wait that takes its value now (a queue's get or put), as asyncio's do
        if (interrupt != null && interrupt != FORWARDED) {
          ((Task<?>) a).cancel(); // cancelled meanwhile, the wait refused it: it ends now
        } else if (!((ClaimOnResume) a).claimOnResume(this)) {
          return; // nothing to take any more: it waits again
        }
      }
      Object why = interrupt;
      if (why != null) {
        // resumed from a real wait: the await delivers the reason (a forwarded cancel: the
        // awaited task's outcome, whatever it is)
        interrupt = why == FORWARDED ? null : Armed.of(why);
      }
      step();
    }
  }

  private void step() {
    EventLoop l = loop;
    Task<?> outer = enterTask(l);
    int frame = stepOutOfFrame(l);
    try {
      resume();
      while (takeResumeAgain(l, this)) {
        resume();
      }
    } finally {
      exitTask(l, outer, frame);
    }
  }

  /** The loop the machine runs on. */
  public final EventLoop loop() {
    return loop;
  }

  /** Called when the awaited task is done, on any thread: resume on the own loop. */
  @Override
  public final void taskDone(Task<?> task) {
    loop.execute(this);
  }

  /**
   * Prepares to await {@code task} and sets the state to run next. Returns true if the machine
   * must return from {@link #resume()} now (it will be resumed when the task is done), false if
   * the task is already done and the body can read {@link #awaited()} at once.
   */
  protected final boolean suspend(Task<?> task, int next) {
    state = next;
    awaiting = task;
    if (task == YIELD) {
      loop.execute(this); // a yield: let what is ready run first, then resume
      return true;
    }
    if (isItself(task)) {
      // it would wait for itself forever (Task.current() is its spawned task, if it is one's
      // body): the await throws instead, as asyncio's does
      awaiting = Task.failed(new IllegalStateException("Task cannot await on itself: " + name()));
      return false;
    }
    if (interrupt != null && !task.isDone()) {
      // cancelled while running: delivered here, at the first await that really waits
      Object why = interrupt;
      if (why == CANCEL || why instanceof CancelRequest) {
        String message = why == CANCEL ? null : ((CancelRequest) why).message;
        if (task.cancel(message)) {
          interrupt = FORWARDED; // as asyncio's step does: the task's outcome decides
          if (task.addListener(this)) {
            return true;
          }
          interrupt = null; // it ended at once: the body reads its outcome now
          return false;
        }
      }
      interrupt = Armed.of(why);
      task.cancel();
      return task.addListener(this);
    }
    // an await of a done task does not wait, so it delivers no pending cancel (as in asyncio:
    // `await lock.acquire()` on a free lock takes the lock, and the body's finally frees it)
    return task.addListener(this);
  }

  /** As {@link #suspend(Task, int)} for any {@link CompletionStage}. */
  protected final boolean suspend(CompletionStage<?> stage, int next) {
    state = next;
    if (stage instanceof CompletableFuture) {
      // not a cast: a minimalCompletionStage() is a CompletableFuture whose isDone() throws
      CompletableFuture<?> f = stage.toCompletableFuture();
      if (f.isDone()) {
        awaiting = StageWait.now(f);
        return false;
      }
    }
    if (interrupt != null) {
      // cancelled while running, and this await would wait: as asyncio's step cancels the
      // future it was about to wait on, the stage is cancelled (for its other awaiters too,
      // through their gate, which gives them this cancel's message)
      Task<?> gate = sharedGate(loop, stage);
      CompletableFuture<?> future = StageGate.futureOf(stage);
      if (gate instanceof StageGate) {
        ((StageGate) gate).cancelStage(
            interrupt instanceof CancelRequest ? ((CancelRequest) interrupt).message : null);
      } else if (future != null) {
        future.cancel(false);
      }
      interrupt = Armed.of(interrupt);
      awaiting = StageWait.now(CompletableFuture.completedFuture(null));
      return false;
    }
    // machines that await the same pending stage share one callback on it (as they would
    // share a Task), so each costs what an await of a Task costs
    Task<?> gate = sharedGate(loop, stage);
    if (gate == null) {
      StageGate made = new StageGate(stage);
      shareGate(loop, stage, made);
      stage.whenComplete(made);
      gate = made;
    }
    return suspend(gate, next);
  }

  /**
   * The outcome of the last suspension: its value, or its exception rethrown unchanged (a {@link
   * CancellationException} if this machine was cancelled meanwhile and the awaited task could not
   * take the cancel).
   */
  protected final Object awaited() {
    Object what = awaiting;
    awaiting = null;
    if (interrupt instanceof Armed) {
      Object why = ((Armed) interrupt).reason;
      interrupt = null;
      if (what instanceof Handover) {
        ((Handover) what).refused(); // a lock, permit or item it will not receive goes back
      }
      throw new CancellationException(
          why == CANCEL ? "task was cancelled" : ((CancelRequest) why).message);
    }
    if (what instanceof Task) {
      try {
        return awaitedResult((Task<?>) what); // its value, or its exception rethrown
      } catch (Throwable failure) {
        throw awaitedFailure(failure, (Task<?>) what);
      }
    }
    StageWait wait = (StageWait) what;
    if (wait.failure != null) {
      throw awaitedFailure(wait.failure, null);
    }
    return wait.value;
  }

  /**
   * The failure of what this body awaited passes into it: its stack trace is to get this body's
   * frame at the line where it waited, once per failed task (its first awaiter's; a later
   * awaiter reads the trace as it is).
   */
  private RuntimeException awaitedFailure(Throwable failure, Task<?> from) {
    if (from == null || firstToTrace(from)) {
      SourceLines lines = SourceLines.of(getClass().getName());
      if (lines != null) {
        // a machine's failure left it through completeExceptionally: its frames are the user's
        AsyncStackTraces.passedTo(failure, lines, lines.lineOfState(state),
            !(from instanceof AsyncMachine));
      }
    }
    throw Exceptions.sneakyThrow(failure);
  }

  /**
   * Always true: lets generated code copy a pattern variable into its field inside the
   * condition that binds it, {@code o instanceof String s && bound(sField = s)}.
   */
  protected static boolean bound(Object value) {
    return true;
  }

  /** Ends the body with its return value. */
  protected final void complete(T value) {
    clearLocals();
    succeedStarted(value); // only the machine's own step completes it: see cancel()
  }

  /** Ends the body with an exception that no handler caught. */
  protected final void completeExceptionally(Throwable t) {
    clearLocals();
    AsyncStackTraces.left(t, getClass()); // the failure path only: its generated frames become the user's
    failWith(t);
  }

  /**
   * Drops the body's locals once it has ended, so that a done task holds its result only, as
   * the blocking run would. Generated machines override it.
   */
  protected void clearLocals() {}

  /**
   * Cancels as asyncio does: the body resumes at its suspension point with a {@link
   * CancellationException} (carrying {@code message}), so that its {@code finally} blocks run.
   * A body waiting for another task forwards the cancel to it: if that task accepts it, the body
   * waits on for that task's outcome, so a task that swallows the cancellation and returns a
   * value gives the body that value (asyncio's {@code Task.cancel}); if it is done already (or
   * the body waits for no task), the body itself is stopped. Each call on a pending machine
   * counts one request for {@link #cancelling()}.
   */
  @Override
  public final boolean cancel(String message) {
    if (isDone()) {
      return false;
    }
    if (cancelBeforeStart(message)) {
      return true; // queued but never run: it never will
    }
    if (!loop.inLoop()) {
      loop.execute(() -> cancel(message));
      return true;
    }
    countCancel();
    Object what = awaiting;
    if ((interrupt == null || interrupt == FORWARDED) && what instanceof Task && what != YIELD
        && ((Task<?>) what).cancel(message)) {
      interrupt = FORWARDED; // the awaited task's outcome decides; no scope may convert it
      return true;
    }
    if (interrupt == FORWARDED && what instanceof Task && ((Task<?>) what).isCancelled()) {
      // an earlier cancel was forwarded and accepted: the body gets that cancellation, with
      // its message (asyncio keeps a CancelledError the awaited future raised)
      return true;
    }
    interrupt = message == null ? CANCEL : new CancelRequest(message);
    stopWaiting();
    return true;
  }

  /** Makes the machine resume soon, so that awaited() delivers the pending interrupt. */
  private void stopWaiting() {
    Object what = awaiting;
    if (what instanceof StageGate) {
      StageGate gate = (StageGate) what;
      if (gate.removeListener(this)) {
        loop.execute(this); // left the shared gate: nothing else will resume the machine
      }
      Object why = interrupt;
      gate.cancelStage(why instanceof CancelRequest ? ((CancelRequest) why).message : null);
    } else if (what instanceof Task) {
      // a done task (a yield too) ignores it: the machine is queued already
      if (!((Task<?>) what).cancel() && what instanceof Handover) {
        // done: the body will throw instead of reading its value, so a lock, permit or item
        // handed to it goes back now, as if the body had never been there
        ((Handover) what).refused();
      }
    }
  }

  /** A cancel with a message, pending: {@link #CANCEL} stands for one without. */
  private static final class CancelRequest {
    final String message;

    CancelRequest(String message) {
      this.message = message;
    }
  }

  /**
   * A pending reason made deliverable: the machine waited since it was given. A wrapper rather
   * than a flag keeps every machine a word smaller; it is made only when a machine is stopped.
   */
  private static final class Armed {
    private static final Armed CANCEL_NOW = new Armed(CANCEL);
    final Object reason;

    private Armed(Object reason) {
      this.reason = reason;
    }

    static Object of(Object why) {
      return why instanceof Armed ? why : why == CANCEL ? CANCEL_NOW : new Armed(why);
    }
  }

  /** The outcome of a stage that was done when awaited (a pending one is awaited through a StageGate). */
  private static final class StageWait {
    Object value;
    Throwable failure;

    static StageWait now(CompletableFuture<?> done) {
      StageWait w = new StageWait();
      try {
        w.value = done.join();
      } catch (Throwable t) {
        w.failure = Exceptions.unwrap(t);
      }
      return w;
    }
  }
}
