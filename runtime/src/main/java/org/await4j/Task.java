package org.await4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.LockSupport;
import org.await4j.internal.AsyncMachine;
import org.await4j.internal.AsyncStackTraces;
import org.await4j.internal.Exceptions;
import org.await4j.internal.TaskListener;

/**
 * The handle of a running async call: what an {@code <Class>Async} stub returns and what {@link
 * Await#await(Task)} waits for.
 *
 * <table>
 *   <caption>States</caption>
 *   <tr><th>state</th><th>{@link #isDone()}</th><th>{@link #isCancelled()}</th><th>{@link #result()}</th></tr>
 *   <tr><td>pending</td><td>false</td><td>false</td><td>throws IllegalStateException</td></tr>
 *   <tr><td>succeeded</td><td>true</td><td>false</td><td>the value</td></tr>
 *   <tr><td>failed</td><td>true</td><td>false</td><td>rethrows the exception object</td></tr>
 *   <tr><td>cancelled</td><td>true</td><td>true</td><td>throws CancellationException</td></tr>
 * </table>
 *
 * <p>A task completes once. Completion and listener registration are thread-safe and lock-free;
 * a task completed on any thread resumes each awaiting state machine on that machine's own loop.
 *
 * <p>asyncio equivalents: {@code Task.result()} is {@link #result()}, {@code exception()} is
 * {@link #exception()}, {@code cancel()} is {@link #cancel()}, {@code get_name()} is {@link
 * #name()}, {@code asyncio.current_task()} is {@link #current()}; {@code create_task} is {@link
 * Tasks#spawn} (an {@code <Class>Async} stub also starts its task at once).
 *
 * <p>A task that fails while nobody listens to it, and whose exception nobody ever reads (by
 * {@code await}, {@link #result()}, {@link #exception()}, {@link #join()} or a listener), is
 * reported through {@link System.Logger} when it is garbage collected or, at the latest, when the
 * loop it failed on ends, as asyncio reports "Task exception was never retrieved". Cancellation is
 * never reported.
 *
 * @param <T> the result type ({@code Void} for a {@code void} method)
 */
public class Task<T> {
  private static final VarHandle LISTENERS;
  private static final VarHandle FLAGS;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      LISTENERS = lookup.findVarHandle(Task.class, "listeners", Object.class);
      FLAGS = lookup.findVarHandle(Task.class, "flags", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Marks {@link #listeners} once the outcome is published. */
  private static final Object DONE = new Object();
  /**
   * Marks {@link #listeners} while {@link #removeListener} has taken the chain out to edit it:
   * registering treats it as an empty chain, completing as a chain with nothing to tell (the
   * remover tells what it took), and only another remover waits for it.
   */
  private static final Object EDITING = new Object();
  /** A bit of {@link #flags}: one completer has won the right to write the outcome. */
  private static final int CLAIMED = 1;
  /** A bit of {@link #flags}: the task's own code has begun to run (task kinds that run code). */
  private static final int STARTED = 2;
  /**
   * A bit of {@link #flags}: the task is in the first step of its code, started on the calling
   * loop thread, and nothing else has a reference to it yet ({@link #current()} clears it), so
   * that completing it there needs no atomic operation.
   */
  private static final int UNSHARED = 4;
  /** A bit of {@link #flags}, set before the outcome is published: {@link #value} is a failure. */
  private static final int FAILED = 8;
  /** Bits 4-10 of {@link #flags} count the cancel requests ({@link #cancelling()}), up to 127. */
  private static final int CANCELS_SHIFT = 4;
  /** A bit of {@link #flags}: an awaiter has put its frame in the failure's stack trace. */
  private static final int TRACED = 1 << 11;
  private static final int ONE_CANCEL = 1 << CANCELS_SHIFT;
  private static final int MAX_CANCELS = 0x7F;
  /** The flag bits and the cancel count: all zero for a task that has not started. */
  private static final int STATE_BITS = 0xFFF;
  /**
   * Bits 12-31 of {@link #flags} hold the task's number for its default name ({@code Task-<n>}),
   * given by its loop (0: none). In the flags word rather than a field of its own, so that a
   * task, and every state machine, stays the size it was.
   */
  private static final int NUMBER_SHIFT = 12;
  /** The largest number that fits; later tasks of a loop keep their class and identity as name. */
  static final int MAX_NUMBER = (1 << (32 - NUMBER_SHIFT)) - 1;

  /**
   * {@code loop.fastFrame} while a spawned task's supplier runs its own code: a call it makes
   * there may be its body (see {@link #startingOn}). Not 0, -1 or a frame number.
   */
  static final int SUPPLIER = Integer.MIN_VALUE;
  /**
   * A bit of a fast path's frame: the call was made by a spawned task's supplier itself, so its
   * task object, if the supplier has no body yet, is the body's. Frame numbers stay below it.
   */
  static final int SUPPLIER_CALL = 1 << 30;

  /**
   * null, one TaskListener, a chain of waiters newest first, or DONE. A chain links state
   * machines through their own {@link #link} and other listeners through a {@link ListenerNode};
   * a lone TaskListener can only be its oldest element.
   */
  private volatile Object listeners;
  /**
   * {@link #CLAIMED}, {@link #STARTED}, {@link #UNSHARED} and {@link #FAILED}, the cancel count
   * and the number (see {@link #NUMBER_SHIFT}).
   */
  private volatile int flags;

  /**
   * The value; with {@link #FAILED}, the exception, or while nobody has read that, its {@link
   * UnobservedFailures.Report}. One field for both keeps every task, and so every state machine,
   * a word smaller. Before the outcome is claimed, a body's spawned task (see {@link #face()}),
   * or null: no outcome needs the field then.
   */
  private Object value;
  /**
   * Used by state machines only: the next element of the listener chain of the one task the
   * machine waits for (newest first), or the next machine of a batch in its loop's ready queue. A
   * machine is in at most one of them at a time, so waiting and resuming allocate nothing.
   */
  Object link;
  /**
   * Used by state machines only, while one waits in a chain of machines of one loop, registered
   * on that loop's thread: the machine that registered next; the newest one's is the oldest (a
   * ring). When that loop completes the task, the chain runs in registration order as it is,
   * without a pass that reverses it first (a million waiters: a cache miss each). Null when the
   * chain is not such a ring. Read only for chains {@link #notifyChain} finds whole.
   */
  Object after;

  /** For the runtime's own task kinds and generated state machines only. */
  protected Task() {}

  /** A task that has already succeeded with {@code value}. */
  public static <T> Task<T> completed(T value) {
    Task<T> t = new Task<>();
    t.succeed(value);
    return t;
  }

  /** A task that has already failed with {@code failure}. */
  public static <T> Task<T> failed(Throwable failure) {
    Task<T> t = new Task<>();
    t.failWith(failure);
    return t;
  }

  /**
   * A task that completes when {@code stage} does, with its value or its unwrapped exception.
   * Cancelling the task cancels the stage's future where the stage allows it.
   */
  public static <T> Task<T> from(CompletionStage<T> stage) {
    if (stage instanceof CompletableFuture) {
      // not a cast: a minimalCompletionStage() is a CompletableFuture whose isDone() throws
      CompletableFuture<T> f = stage.toCompletableFuture();
      if (f.isDone() && !f.isCompletedExceptionally()) {
        return completed(f.getNow(null));
      }
    }
    StageTask<T> t = new StageTask<>(stage);
    stage.whenComplete(t);
    return t;
  }

  /**
   * The task whose code is running now on the calling thread's loop (asyncio's {@code
   * current_task()}): inside an {@code @Async} body, the body's own task (the one its stub call
   * returned, or the one {@link Tasks#spawn} returned for the body it started); {@code null} on
   * a loop outside any task (in a plain callback).
   *
   * @throws IllegalStateException on a thread that runs no loop (asyncio raises {@code
   *     RuntimeError: no running event loop}); {@link #currentOrNull()} returns null there
   */
  public static Task<?> current() {
    if (EventLoop.current() == null) {
      throw new IllegalStateException("no running event loop on thread '"
          + Thread.currentThread().getName() + "': Task.current() works inside an @Async body"
          + " (or use Task.currentOrNull())");
    }
    return currentOrNull();
  }

  /** As {@link #current()}, but {@code null} on a thread that runs no loop. */
  public static Task<?> currentOrNull() {
    EventLoop loop = EventLoop.current();
    if (loop == null) {
      return null;
    }
    Task<?> task = running(loop);
    return task == null ? null : task.face();
  }

  /**
   * The task object whose code runs now on {@code loop}, the calling thread's loop: a machine or
   * blocking body, the spawned task whose supplier runs, or null in a plain callback. Unlike
   * {@link #current()} a spawned task's body is itself here, as the loop keeps it.
   */
  static Task<?> running(EventLoop loop) {
    int frame = loop.fastFrame;
    if (frame > 0) {
      // a call running on its fast path has no task object yet: it gets one now, which it
      // completes, or suspends as, later (see AsyncMachine)
      Task<?> identity = org.await4j.internal.Identities.make(frame & ~SUPPLIER_CALL);
      if (TaskContext.used) {
        TaskContext.give(identity, TaskContext.current()); // the caller's, as any new task
      }
      identity.adopt(loop);
      identity.shared();
      loop.adoptIdentity(identity);
      return identity;
    }
    Task<?> task = loop.currentTask;
    if (task != null) {
      if (task instanceof BlockingBody) {
        task.numberOn(loop); // as a fast path's task object is numbered when it is made
      }
      task.shared();
    }
    return task;
  }

  /**
   * The task that {@link #current()} is while this task's code runs: the spawned task whose body
   * this is (see {@link Spawned}), else this task itself.
   */
  final Task<?> face() {
    Object v = value;
    return v instanceof Spawned && (flags & CLAIMED) == 0 ? (Task<?>) v : this;
  }

  /**
   * The task's name (asyncio's {@code get_name()}): the one given to {@link #setName}, {@link
   * Tasks#spawn(String, java.util.function.Supplier)} or {@link EventLoop#createTask(String,
   * java.util.function.Supplier)}; else {@code Task-1}, {@code Task-2}, ... for the tasks that run
   * code, numbered by their loop in the order their task objects are made there (the first task of
   * {@link EventLoop#run} is {@code Task-1}; a spawned task and the body it starts share one
   * number; a call that ends on its fast path makes no task object and takes no number); else the
   * task's class and identity, such as {@code Timer@1b6d3586}.
   */
  public final String name() {
    Task<?> face = face();
    if (face != this) {
      return face.name(); // a spawned task's body is known by that task's name
    }
    String name = TaskNames.get(this);
    if (name != null) {
      return name;
    }
    int n = flags >>> NUMBER_SHIFT;
    if (n != 0) {
      return "Task-" + n;
    }
    Class<?> c = getClass();
    String kind = c.isAnonymousClass() ? "Task" : c.getSimpleName();
    Class<?> holder = c.getEnclosingClass();
    if (holder != null && holder.getSimpleName().endsWith("AsyncMachines")) {
      kind = holder.getSimpleName() + "." + kind; // a machine: CatalogAsyncMachines.page
    }
    return kind + "@" + Integer.toHexString(System.identityHashCode(this));
  }

  /** Names the task (asyncio's {@code set_name()}); {@code null} gives back its default name. */
  public final void setName(String name) {
    TaskNames.set(this, name);
  }

  /** Numbers a task that runs code, on {@code loop}'s thread, unless it has its number. */
  final void numberOn(EventLoop loop) {
    if ((flags >>> NUMBER_SHIFT) == 0) {
      int n = nextNumber(loop);
      for (;;) {
        int f = flags;
        if (FLAGS.compareAndSet(this, f, f | (n << NUMBER_SHIFT))) {
          return;
        }
      }
    }
  }

  /** The loop's next task number (a plain count on its thread), or 0 once they no longer fit. */
  private static int nextNumber(EventLoop loop) {
    int n = loop.taskCount;
    if (n >= MAX_NUMBER) {
      return 0;
    }
    loop.taskCount = n + 1;
    return n + 1;
  }

  /** Whether the task has an outcome: a value, an exception or a cancellation. */
  public final boolean isDone() {
    return listeners == DONE;
  }

  /** Whether the task ended by cancellation. */
  public final boolean isCancelled() {
    return isDone() && failure() instanceof CancellationException;
  }

  /** Whether the task ended with an exception, cancellation included. */
  public final boolean isFailed() {
    return isDone() && (flags & FAILED) != 0;
  }

  /**
   * The result of a done task (asyncio's {@code Task.result()}): the value, or its exception
   * rethrown unchanged.
   *
   * @throws IllegalStateException if the task is not done
   */
  public final T result() {
    if (!isDone()) {
      throw new IllegalStateException("task is not done yet: await it first");
    }
    Throwable failure = failure();
    if (failure != null) {
      observed();
      throw Exceptions.sneakyThrow(AsyncStackTraces.delivered(failure));
    }
    return castValue();
  }

  /**
   * The exception of a done task, or {@code null} if it succeeded (asyncio's {@code
   * Task.exception()}).
   *
   * @throws CancellationException if the task was cancelled (as asyncio raises {@code
   *     CancelledError}): its own cancellation, rethrown
   * @throws IllegalStateException if the task is not done
   */
  public final Throwable exception() {
    Throwable failure = failureOrNull();
    if (failure instanceof CancellationException) {
      throw (CancellationException) failure;
    }
    return failure;
  }

  /**
   * As {@link #exception()}, but returns a cancellation instead of throwing it: for the
   * runtime's own task kinds, which pass any outcome on.
   */
  final Throwable failureOrNull() {
    if (!isDone()) {
      throw new IllegalStateException("task is not done yet: await it first");
    }
    Throwable failure = failure();
    if (failure != null) {
      observed();
      AsyncStackTraces.delivered(failure);
    }
    return failure;
  }

  /**
   * Requests cancellation (asyncio's {@code Task.cancel()}). A pending task is resumed at its
   * suspension point with a {@link CancellationException}, so its {@code finally} blocks run (and
   * may await); the task it awaits is cancelled too, unless {@link Tasks#shield shielded}. A task
   * that has not started yet (queued by {@link Tasks#spawn}, or by a stub called from a thread
   * that runs no loop) never runs. A done task is left alone.
   *
   * @return false if the task was already done
   */
  public final boolean cancel() {
    return cancel(null);
  }

  /**
   * As {@link #cancel()}, with a message that the {@link CancellationException} the task ends
   * with carries (asyncio's {@code cancel(msg)}); {@code null} for the default message. Task
   * kinds with their own way of cancelling override this method.
   *
   * @return false if the task was already done
   */
  public boolean cancel(String message) {
    return failWith(cancellation(message));
  }

  /**
   * How many cancellations of this task are pending (asyncio's {@code Task.cancelling()}): each
   * {@link #cancel()} of a task that runs code ({@code @Async} bodies, spawned tasks) while it is
   * not done counts one, each {@link #uncancel()} takes one away. A scope uses it to tell its own
   * cancellation from one that came from outside. 0 for other task kinds.
   */
  public final int cancelling() {
    return (flags >>> CANCELS_SHIFT) & MAX_CANCELS;
  }

  /**
   * Takes one pending cancellation request away (asyncio's {@code Task.uncancel()}): for code
   * that caught a cancellation it caused itself and goes on. Returns the count left; never goes
   * below 0.
   */
  public final int uncancel() {
    for (;;) {
      int f = flags;
      int count = (f >>> CANCELS_SHIFT) & MAX_CANCELS;
      if (count == 0) {
        return 0;
      }
      if (FLAGS.compareAndSet(this, f, f - ONE_CANCEL)) {
        return count - 1;
      }
    }
  }

  /** Counts one cancellation request, for {@link #cancelling()} (which stops at 127). */
  protected final void countCancel() {
    for (;;) {
      int f = flags;
      if (((f >>> CANCELS_SHIFT) & MAX_CANCELS) == MAX_CANCELS
          || FLAGS.compareAndSet(this, f, f + ONE_CANCEL)) {
        return;
      }
    }
  }

  /** The exception a task cancelled with {@code message} ends with. */
  protected static CancellationException cancellation(String message) {
    return new CancellationException(message != null ? message : "task was cancelled");
  }

  /**
   * Blocks the calling thread until the task is done; returns its value or rethrows its
   * exception unchanged. This is how {@link Await#await} works outside a state machine. Inside a
   * {@link Timeout} or {@link TaskGroup} opened by the blocking code, the wait ends as the scope
   * says (a deadline, a failed child): the task is cancelled, and once it has ended the scope's
   * exception is thrown, as an {@code @Async} body would see it.
   *
   * @throws IllegalStateException on an event-loop thread, where blocking would stop the loop
   */
  public final T join() {
    if (EventLoop.current() != null) {
      // Even a task that is done now would not be on another run: fail the same way always.
      throw new IllegalStateException(
          "await(...) would block the event loop thread '" + Thread.currentThread().getName()
              + "': it is called outside an @Async method's body (plain code, a lambda, an"
              + " override or a proxy handler that is not @Async, an @Async method run as a plain"
              + " one: called through a plain interface method or a try-with-resources' close(),"
              + " or Task.join()), where it cannot suspend, so"
              + " it fails even when the value is ready. Make the calling method @Async (its"
              + " await then suspends), return the twin's task (FooAsync.m(...)) instead of"
              + " awaiting it, or start the work with EventLoop.run(...) from a thread that is not"
              + " a loop");
    }
    if (!isDone()) {
      BlockingScope scope = BlockingScope.innermost();
      if (scope != null) {
        scope.join(this); // a Timeout or TaskGroup of blocking code may end the wait early
      } else {
        Parker parker = new Parker(Thread.currentThread());
        boolean interrupted = false;
        if (addListener(parker)) {
          while (!isDone()) {
            LockSupport.park(this);
            // park returns at once while the flag is set: clear it, keep waiting, restore it
            interrupted |= Thread.interrupted();
          }
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
    return result();
  }

  /**
   * A {@link CompletableFuture} completed with this task's outcome. Cancelling the future cancels
   * the task.
   */
  public final CompletableFuture<T> toCompletableFuture() {
    CompletableFuture<T> f = new CompletableFuture<>();
    TaskListener bridge = t -> {
      Throwable e = failureOrNull();
      if (e != null) {
        f.completeExceptionally(e);
      } else {
        f.complete(castValue());
      }
    };
    if (!addListener(bridge)) {
      bridge.taskDone(this);
    }
    f.whenComplete((v, e) -> {
      if (e instanceof CancellationException) {
        cancel();
      }
    });
    return f;
  }

  @Override
  public String toString() {
    String state = !isDone() ? "pending" : isCancelled() ? "cancelled"
        : isFailed() ? "failed: " + failure() : "succeeded: " + castValue();
    return name() + "[" + state + "]"; // Task-3[succeeded: 42]: no generated class's name
  }

  // ---- completion, for subclasses in the runtime and generated machines ----

  /** Completes with {@code v}; false if the task already had an outcome. */
  protected final boolean succeed(T v) {
    if (!claim()) {
      return false;
    }
    value = v;
    publish();
    return true;
  }

  /**
   * As {@link #succeed}, for a task that has started and that nothing but its own code, on its
   * own loop thread, can complete (a state machine: other threads cancel it through its loop).
   * The claim then needs no atomic operation; publishing still does.
   */
  protected final boolean succeedStarted(T v) {
    int f = flags;
    if ((f & CLAIMED) != 0) {
      return false;
    }
    FLAGS.setOpaque(this, f | CLAIMED);
    value = v;
    if ((f & UNSHARED) != 0 && listeners == null) {
      // done within its first step, which nobody else could see: as a method that just returns
      LISTENERS.setRelease(this, DONE);
      return true;
    }
    publish();
    return true;
  }

  /** Completes with {@code t} (a CancellationException means cancelled); false if already done. */
  protected final boolean failWith(Throwable t) {
    if (!claim()) {
      return false;
    }
    FLAGS.getAndBitwiseOr(this, FAILED);
    if (listeners == null && !(t instanceof CancellationException)) {
      // nobody listens yet: report the failure if nobody reads it before the task is dropped
      Object tracked = t;
      try {
        tracked = UnobservedFailures.track(this, t);
      } catch (Throwable untracked) {
        // out of stack (a failure deep in a recursion): kept unreported, but the task completes
      }
      value = tracked;
    } else {
      value = t;
    }
    publish();
    return true;
  }

  private boolean claim() {
    return ((int) FLAGS.getAndBitwiseOr(this, CLAIMED) & CLAIMED) == 0;
  }

  // ---- starting, for task kinds that run code (generated machines, spawned tasks) ----

  /**
   * Marks a task that starts running on the calling loop thread now, before any other thread can
   * see it, and numbers it; started by a spawned task's supplier itself (not inside a call the
   * supplier made) as the supplier's first task, it is that task's body instead (see {@link
   * Spawned}).
   */
  protected final void startingOn(EventLoop loop) {
    starting(loop, loop.fastFrame == SUPPLIER);
  }

  /**
   * As {@link #startingOn}, for the task object of the fast path running now (it asked for
   * {@link #current()}, or spills): the body if that call was made by a supplier itself.
   */
  protected final void startingFromFast(EventLoop loop) {
    int frame = loop.fastFrame;
    starting(loop, frame > 0 && (frame & SUPPLIER_CALL) != 0);
  }

  private void starting(EventLoop loop, boolean supplierCall) {
    Spawned<?> spawned = supplierCall ? loop.pendingSpawn : null;
    // plain: no other thread has the task yet; a body takes its spawned task's number
    FLAGS.set(this, STARTED | UNSHARED | (spawned == null
        ? nextNumber(loop) << NUMBER_SHIFT : ((Task<?>) spawned).flags & ~STATE_BITS));
    if (spawned != null) {
      becomeBodyOf(spawned);
    }
  }

  /**
   * For a blocking debug mode body, started by the calling code on {@code loop}: the body of the
   * spawned task whose supplier runs, if the supplier itself made this first call.
   */
  final void startingInSupplier(EventLoop loop) {
    Spawned<?> spawned = loop.pendingSpawn;
    if (spawned != null && loop.fastFrame == SUPPLIER) {
      becomeBodyOf(spawned);
    }
  }

  private void becomeBodyOf(Spawned<?> spawned) {
    spawned.loop().pendingSpawn = null; // one body per spawned task
    value = spawned; // the face: current() and name() give the spawned task
    String name = TaskNames.get(spawned);
    if (name != null) {
      TaskNames.set(this, name); // kept once the body is done and the face is gone
    }
    spawned.bodyStarted(this);
  }

  /**
   * This body's spawned task follows another task: the body goes on as a task of its own,
   * numbered now. On its loop's thread, while it runs no step.
   */
  final void leaveSpawned(EventLoop loop) {
    if ((flags & CLAIMED) != 0 || !(value instanceof Spawned)) {
      return; // done already: nothing to give back
    }
    value = null;
    if (TaskNames.get(this) != null) {
      TaskNames.set(this, null); // the spawned task's name, copied at the start
    }
    int n = nextNumber(loop);
    for (;;) {
      int f = flags;
      if (FLAGS.compareAndSet(this, f, (f & STATE_BITS) | (n << NUMBER_SHIFT))) {
        return;
      }
    }
  }

  /** Whether {@code task} is this task or, while it runs, the spawned task it is the body of. */
  protected final boolean isItself(Task<?> task) {
    return task == this || task == value && task instanceof Spawned && (flags & CLAIMED) == 0;
  }

  /**
   * A task that runs code starts with a copy of its creator's {@link TaskLocal} context: call
   * before its first step, on the creating thread.
   */
  protected final void inheritContext() {
    if (TaskContext.used) {
      TaskContext.give(this, TaskContext.current());
    }
  }

  /** Ends the first step begun by {@link #startingOn}: the task is handed out now. */
  protected final void shared() {
    int f = flags;
    if ((f & UNSHARED) != 0) {
      FLAGS.set(this, f & ~UNSHARED); // only the task's own loop thread writes it now
    }
  }

  /**
   * Claims the first run of a task that was queued to start: false if it was cancelled before it
   * ran (it must then never run). Cheap once started.
   */
  protected final boolean claimStart() {
    for (;;) {
      int f = flags;
      if ((f & STARTED) != 0) {
        return true;
      }
      if ((f & STATE_BITS) != 0) {
        return false; // claimed (cancelled) before it started
      }
      if (FLAGS.compareAndSet(this, f, f | STARTED)) {
        return true;
      }
    }
  }

  /**
   * Completes a task that has not started yet as cancelled, from any thread; false if it has
   * started or is done. A task cancelled before it first runs never runs (asyncio's rule).
   */
  protected final boolean cancelBeforeStart() {
    return cancelBeforeStart(null);
  }

  /** As {@link #cancelBeforeStart()}, with the cancellation's message ({@code null}: default). */
  protected final boolean cancelBeforeStart(String message) {
    for (;;) {
      int f = flags;
      if ((f & STATE_BITS) != 0) {
        return false; // started, claimed, or counting cancels already
      }
      if (FLAGS.compareAndSet(this, f, f | CLAIMED | FAILED | ONE_CANCEL)) {
        break;
      }
    }
    value = new CancellationException(
        message != null ? message : "task was cancelled before it started");
    publish();
    return true;
  }

  /**
   * Makes this task {@link #current()} on {@code loop}, the calling thread's loop, and returns the
   * task it replaces, to be given back to {@link #exitTask} when the step ends.
   */
  protected final Task<?> enterTask(EventLoop loop) {
    Task<?> outer = loop.currentTask;
    loop.currentTask = this;
    return outer;
  }

  /**
   * Begins a step inside whatever fast path runs on {@code loop} (a machine it started or
   * spilled into): while the step runs, its task, not the fast path, is current. Returns the
   * fast path's frame, to be given back to {@link #exitTask}.
   */
  protected static int stepOutOfFrame(EventLoop loop) {
    int frame = loop.fastFrame;
    loop.fastFrame = 0;
    return frame;
  }

  /** This task has just been made for a fast path running on {@code loop}: it runs there now. */
  protected void adopt(EventLoop loop) {
    startingFromFast(loop);
  }

  /**
   * Ends a step begun by {@link #enterTask} and {@link #stepOutOfFrame}: {@code outer} is current
   * again, inside the fast path {@code frame} if there was one.
   */
  protected static void exitTask(EventLoop loop, Task<?> outer, int frame) {
    loop.currentTask = outer;
    loop.fastFrame = frame;
  }

  // ---- the fast path of generated machines (see AsyncMachine), which lives in another package ----

  /**
   * Begins a call's fast path on {@code loop}: until the call asks for {@link #current()}, the
   * identity number {@code frame} stands for its task, made only if asked for. Returns what to
   * give {@link #exitFast}.
   */
  protected static int enterFast(EventLoop loop, int frame) {
    int outer = loop.fastFrame;
    loop.fastFrame = outer == SUPPLIER ? frame | SUPPLIER_CALL : frame; // a spawn's body, maybe
    return outer;
  }

  /** Ends a fast path begun by {@link #enterFast}. */
  protected static void exitFast(EventLoop loop, int outer) {
    if (loop.fastFrame == -1) {
      loop.dropIdentity();
    }
    loop.fastFrame = outer;
  }

  /** The task object the running fast path was given by {@link #current()}, or null. */
  protected static Task<?> frameTask(EventLoop loop) {
    return loop.fastFrame == -1 ? loop.currentTask : null;
  }

  /** Hands {@code task} to the caller of a fast path, as what it must await. */
  /**
   * The task that machines of {@code loop} await for a pending {@code stage}: the loop's last
   * shared gate if it was made for this very stage and is still pending, else null.
   */
  protected static Task<?> sharedGate(EventLoop loop, CompletionStage<?> stage) {
    Task<?> gate = loop.gate;
    return gate != null && loop.gateStage == stage && !gate.isDone() ? gate : null;
  }

  /** Keeps {@code gate} as the loop's shared gate for {@code stage} (one at a time). */
  protected static void shareGate(EventLoop loop, CompletionStage<?> stage, Task<?> gate) {
    loop.gateStage = stage;
    loop.gate = gate;
  }

  /**
   * For async stack traces: true for the first awaiter that reads {@code task}'s failure, which
   * puts its frame in the trace; false for every later one (the same exception, traced once).
   */
  protected static boolean firstToTrace(Task<?> task) {
    return ((int) FLAGS.getAndBitwiseOr(task, TRACED) & TRACED) == 0;
  }

  /**
   * The task whose step runs on {@code loop} now (a machine, not the identity of a fast path
   * running inside it), or null. For async stack traces.
   */
  protected static Task<?> stepTask(EventLoop loop) {
    return loop.currentTask;
  }

  /** The tasks that listen to {@code task} now (bodies, combinators awaiting it): a snapshot. */
  protected static java.util.List<Task<?>> listenersOf(Task<?> task) {
    return task.listeningTasks();
  }

  /** {@code machine}'s step runs its body again once the running call has returned. */
  protected static void setResumeAgain(EventLoop loop, Task<?> machine) {
    loop.resumeAgain = machine;
  }

  /** Whether {@code machine}'s body must run again (see {@link #setResumeAgain}); clears it. */
  protected static boolean takeResumeAgain(EventLoop loop, Task<?> machine) {
    if (loop.resumeAgain != machine) {
      return false;
    }
    loop.resumeAgain = null;
    return true;
  }

  protected static void handOff(EventLoop loop, Task<?> task) {
    loop.handedOff = task;
  }

  /** Takes what a fast path handed off, or null if it returned its value. */
  protected static Task<?> takeHandedOffOf(EventLoop loop) {
    Task<?> task = loop.handedOff;
    if (task != null) {
      loop.handedOff = null;
    }
    return task;
  }

  /** Whether a fast path handed off a task. */
  protected static boolean handedOff(EventLoop loop) {
    return loop.handedOff != null;
  }

  /**
   * Takes the one state machine of {@code loop} that awaits this pending task off its listeners
   * and returns it, if nothing else listens; else returns null and changes nothing. For waits
   * that take their value when the body resumes ({@link org.await4j.internal.ClaimOnResume}):
   * they schedule the body themselves. On {@code loop}'s thread.
   */
  protected final AsyncMachine<?> takeSoleAwaiter(EventLoop loop) {
    Object cur = listeners;
    if (cur instanceof AsyncMachine && ((Task<?>) cur).link == null
        && ((AsyncMachine<?>) cur).loop() == loop && LISTENERS.compareAndSet(this, cur, null)) {
      return (AsyncMachine<?>) cur;
    }
    return null;
  }

  /**
   * Registers {@code l} to be told once when this task is done. Returns false, registering
   * nothing, if the task is already done: the caller then reads the outcome at once.
   */
  public final boolean addListener(TaskListener l) {
    boolean machine = l instanceof AsyncMachine; // waits for one task at a time: links itself
    for (;;) {
      Object cur = listeners;
      if (cur == DONE) {
        if (machine) {
          ((Task<?>) l).link = null; // set by a try that lost to the completion
        }
        if ((flags & FAILED) != 0) {
          observed(); // the caller reads the outcome itself
        }
        return false;
      }
      Object rest = cur == EDITING ? null : cur; // a remover holds the older chain: start anew
      if (!machine) {
        if (LISTENERS.compareAndSet(this, cur, rest == null ? l : new ListenerNode(l, rest))) {
          return true;
        }
        continue;
      }
      Task<?> m = (Task<?>) l;
      m.link = rest;
      // the ring of a chain of this loop's machines: written before the CAS publishes m, and
      // put back if it fails; only this loop's thread writes its machines' rings
      Task<?> prev = null;
      Object ring = null;
      if (cur == null) {
        ring = inOwnLoop(l) ? m : null;
      } else if (rest instanceof AsyncMachine && inOwnLoop(l)
          && ((AsyncMachine<?>) rest).loop() == ((AsyncMachine<?>) l).loop()) {
        prev = (Task<?>) rest;
        ring = prev.after; // the oldest, or null: the chain is no ring
      }
      m.after = ring;
      if (ring != null && prev != null) {
        prev.after = m;
      }
      if (LISTENERS.compareAndSet(this, cur, m)) {
        return true;
      }
      if (ring != null && prev != null) {
        prev.after = ring;
      }
    }
  }

  private static boolean inOwnLoop(TaskListener machine) {
    EventLoop loop = ((AsyncMachine<?>) machine).loop();
    return loop != null && loop.inLoop();
  }

  /**
   * Unregisters {@code l}, registered by {@link #addListener}, so that a pending task no longer
   * keeps it reachable (a {@code wait} or {@code shield} that ended first). Safe from any thread
   * and against a concurrent completion: a listener is told at most once, and one that was not
   * removed is told as usual. O(number of listeners).
   *
   * @return whether {@code l} was registered and is now removed (false: the task is done, or
   *     {@code l} was not registered)
   */
  public final boolean removeListener(TaskListener l) {
    return removeMatching(l, null, false) > 0;
  }

  /**
   * Schedules {@code callback} to run with this task on the calling thread's loop (the default
   * loop from a thread that runs none) once the task is done (asyncio's {@code
   * add_done_callback}): always in a later pass, never inline, even if the task is done already.
   * A callback that throws is logged; the loop goes on.
   */
  public final void addDoneCallback(java.util.function.Consumer<? super Task<T>> callback) {
    java.util.Objects.requireNonNull(callback, "callback");
    DoneCallback<T> l = new DoneCallback<>(callback, EventLoop.currentOrDefault());
    if (!addListener(l)) {
      l.taskDone(this);
    }
  }

  /**
   * Removes every registration of {@code callback} made by {@link #addDoneCallback} that has not
   * been scheduled yet (asyncio's {@code remove_done_callback}).
   *
   * @return how many were removed
   */
  public final int removeDoneCallback(java.util.function.Consumer<? super Task<T>> callback) {
    return removeMatching(null, callback, true);
  }

  /** A callback of {@link #addDoneCallback}: scheduled on its loop when the task is done. */
  private static final class DoneCallback<T> implements TaskListener {
    final java.util.function.Consumer<? super Task<T>> callback;
    private final EventLoop loop;
    /** The TaskLocal context of the code that added it: the callback runs in it. */
    private final TaskContext context;

    DoneCallback(java.util.function.Consumer<? super Task<T>> callback, EventLoop loop) {
      this.callback = callback;
      this.loop = loop;
      this.context = TaskContext.used ? TaskContext.current() : null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void taskDone(Task<?> task) {
      loop.execute(TaskContext.within(context, () -> callback.accept((Task<T>) task)));
    }
  }

  /**
   * Takes out the listener {@code l}, or the done callbacks of {@code callback}, once or {@code
   * all} of them; returns how many.
   */
  private int removeMatching(TaskListener l, Object callback, boolean all) {
    Object taken;
    for (;;) {
      Object cur = listeners;
      if (cur == DONE || cur == null) {
        return 0;
      }
      if (cur == EDITING) {
        Thread.onSpinWait(); // another remover: wait for it to put the chain back
        continue;
      }
      if (LISTENERS.compareAndSet(this, cur, EDITING)) {
        taken = cur;
        break;
      }
    }
    // the chain is ours alone now: edit it in place
    int removed = 0;
    Object chain = taken;
    for (;;) {
      Object[] result = unlinkFrom(chain, l, callback);
      chain = result[0];
      if (result[1] == null) {
        break;
      }
      removed++;
      if (!all) {
        break;
      }
    }
    if (removed > 0 && chain instanceof AsyncMachine) {
      // the ring of the machines' chain (see after) no longer matches it: a node in front of it
      // makes it an ordinary chain for good (until it is empty)
      chain = new ListenerNode((TaskListener) chain, ((Task<?>) chain).link);
    }
    for (;;) {
      Object cur = listeners;
      if (cur == DONE) {
        if (chain != null) {
          notifyChain(chain); // completed meanwhile: tell what we held, as publish would have
        }
        return removed;
      }
      if (cur == EDITING) {
        if (LISTENERS.compareAndSet(this, EDITING, chain)) {
          return removed;
        }
      } else if (LISTENERS.compareAndSet(this, cur, EDITING)) {
        chain = append(cur, chain); // registered meanwhile: newer, so in front
      }
    }
  }

  /**
   * The bodies (machines, blocking bodies) that await this task now (a snapshot), for a loop's
   * clean end.
   */
  final java.util.List<Task<?>> awaiters() {
    java.util.List<Task<?>> out = new java.util.ArrayList<>();
    Object cur = listeners;
    while (cur != null && cur != DONE && cur != EDITING) {
      Object l = cur instanceof ListenerNode ? ((ListenerNode) cur).listener : cur;
      if (l instanceof AsyncMachine || l instanceof BlockingBody) {
        out.add((Task<?>) l);
      }
      cur = nextOf(cur);
    }
    return out;
  }

  /** How many listeners wait for this task now; for tests of leaks. Not thread-safe. */
  final int listenerCount() {
    Object cur = listeners;
    int n = 0;
    while (cur != null && cur != DONE && cur != EDITING) {
      n++;
      cur = nextOf(cur);
    }
    return n;
  }

  /**
   * The tasks among this task's listeners now (the bodies and combinators awaiting it): a
   * snapshot, for dumps of pending tasks.
   */
  final java.util.List<Task<?>> listeningTasks() {
    java.util.List<Task<?>> out = new java.util.ArrayList<>(2);
    Object cur = listeners;
    while (cur != null && cur != DONE && cur != EDITING) {
      Object l = cur instanceof ListenerNode ? ((ListenerNode) cur).listener : cur;
      if (l instanceof Task) {
        out.add((Task<?>) l);
      }
      cur = nextOf(cur);
    }
    return out;
  }

  /**
   * Takes the first {@code l} (or done callback of {@code callback}) out of the chain {@code
   * head}; returns {new head, non-null if removed}.
   */
  private static Object[] unlinkFrom(Object head, TaskListener l, Object callback) {
    Object prev = null;
    for (Object cur = head; cur != null; ) {
      Object next = nextOf(cur);
      Object listener = cur instanceof ListenerNode ? ((ListenerNode) cur).listener : cur;
      boolean match = l != null ? listener == l
          : listener instanceof DoneCallback && ((DoneCallback<?>) listener).callback == callback;
      if (match) {
        if (prev == null) {
          head = next;
        } else {
          setNext(prev, next);
        }
        if (cur instanceof AsyncMachine) {
          // a machine links itself: once out, its link must not lead a batch into this chain
          ((Task<?>) cur).link = null;
        }
        return new Object[] {head, Boolean.TRUE};
      }
      prev = cur;
      cur = next;
    }
    return new Object[] {head, null};
  }

  /** The chain {@code newer} followed by {@code older}; both are owned by the caller. */
  private static Object append(Object newer, Object older) {
    if (older == null) {
      return newer;
    }
    Object prev = null;
    Object cur = newer;
    for (;;) {
      Object next = nextOf(cur);
      if (next == null) {
        break;
      }
      prev = cur;
      cur = next;
    }
    if (cur instanceof AsyncMachine || cur instanceof ListenerNode) {
      setNext(cur, older);
      return newer;
    }
    // a lone listener, which has no link of its own: it gets a node
    ListenerNode node = new ListenerNode((TaskListener) cur, older);
    if (prev == null) {
      return node;
    }
    setNext(prev, node);
    return newer;
  }

  private static Object nextOf(Object element) {
    if (element instanceof AsyncMachine) {
      return ((Task<?>) element).link;
    }
    return element instanceof ListenerNode ? ((ListenerNode) element).next : null;
  }

  private static void setNext(Object element, Object next) {
    if (element instanceof AsyncMachine) {
      ((Task<?>) element).link = next;
    } else {
      ((ListenerNode) element).next = next;
    }
  }

  /** The outcome's exception without checks, for machines that already know the task is done. */
  protected final Throwable failureNow() {
    Throwable failure = failure();
    if (failure != null) {
      observed();
      AsyncStackTraces.delivered(failure);
    }
    return failure;
  }

  /**
   * For machines that await {@code task}, done: its value, or its exception rethrown with its
   * async stack trace still being written (the awaiter adds its frame; see {@link
   * AsyncStackTraces}), where {@link #result()} would finish it.
   */
  protected static Object awaitedResult(Task<?> task) {
    Throwable failure = task.failure();
    if (failure != null) {
      task.observed();
      throw Exceptions.sneakyThrow(failure);
    }
    return task.value;
  }

  /** The outcome's value without checks, for machines that already know the task is done. */
  protected final T valueNow() {
    return (flags & FAILED) == 0 ? castValue() : null;
  }

  @SuppressWarnings("unchecked")
  private T castValue() {
    return (T) value;
  }

  /** The failure has been read: it will not be reported as never retrieved. */
  private void observed() {
    Object v = value;
    if (v instanceof UnobservedFailures.Report) {
      UnobservedFailures.Report report = (UnobservedFailures.Report) v;
      value = report.failure();
      report.disarm();
    }
  }

  /** The exception of a task that is done and failed, else null; does not count as reading it. */
  private Throwable failure() {
    if ((flags & FAILED) == 0) {
      return null;
    }
    Object v = value;
    return v instanceof UnobservedFailures.Report
        ? ((UnobservedFailures.Report) v).failure() : (Throwable) v;
  }

  private void publish() {
    Object cur = LISTENERS.getAndSet(this, DONE);
    if (cur == EDITING) {
      return; // a remover holds the chain: it tells the listeners once it sees DONE
    }
    if (cur instanceof TaskListener && !(cur instanceof AsyncMachine)) {
      ((TaskListener) cur).taskDone(this);
    } else if (cur != null) {
      notifyChain(cur);
    }
  }

  /**
   * Tells the chain's listeners in the order they registered. The chain is newest first, so it
   * is reversed in place first; machines of the calling thread's loop that follow each other go
   * to its ready queue as one batch, still linked (a million waiters of one gate: no allocation).
   */
  private void notifyChain(Object newest) {
    if (newest instanceof AsyncMachine) {
      Object ring = ((Task<?>) newest).after;
      EventLoop loop = ((AsyncMachine<?>) newest).loop();
      if (ring != null && loop.inLoop()) {
        // a ring of this loop's machines, whole (see after): it runs as it is, oldest first
        loop.executeBatch((Task<?>) ring, (Task<?>) newest, true);
        return;
      }
    }
    Object oldest = null;
    Object cur = newest;
    // the common case, machines of one loop only, is seen in this pass: no second one over
    // them (a million waiters: each pass is a cache miss per machine)
    EventLoop oneLoop = null;
    boolean machinesOnly = true;
    while (cur != null) {
      Object next;
      if (cur instanceof AsyncMachine) {
        AsyncMachine<?> m = (AsyncMachine<?>) cur;
        next = ((Task<?>) m).link;
        ((Task<?>) m).link = oldest;
        oldest = m;
        if (oneLoop != m.loop()) {
          machinesOnly &= oneLoop == null;
          oneLoop = m.loop();
        }
      } else if (cur instanceof ListenerNode) {
        ListenerNode n = (ListenerNode) cur;
        next = n.next;
        n.next = oldest;
        oldest = n;
        machinesOnly = false;
      } else {
        ((TaskListener) cur).taskDone(this); // a lone listener, always the first to register
        next = null;
      }
      cur = next;
    }
    if (machinesOnly && oneLoop != null) {
      // one batch, also from another thread: one hop to the loop for all of them
      oneLoop.executeBatch((Task<?>) oldest, (Task<?>) newest, false);
      return;
    }
    AsyncMachine<?> batch = null;
    AsyncMachine<?> last = null;
    for (cur = oldest; cur != null; ) {
      if (cur instanceof AsyncMachine) {
        AsyncMachine<?> m = (AsyncMachine<?>) cur;
        cur = ((Task<?>) m).link;
        if (batch != null && m.loop() == batch.loop()) {
          last = m; // already linked behind the previous one
          continue;
        }
        flush(batch, last);
        batch = null;
        if (m.loop().inLoop()) {
          batch = m;
          last = m;
        } else {
          ((Task<?>) m).link = null;
          m.taskDone(this);
        }
      } else {
        ListenerNode n = (ListenerNode) cur;
        cur = n.next;
        flush(batch, last);
        batch = null;
        n.listener.taskDone(this);
      }
    }
    flush(batch, last);
  }

  private static void flush(AsyncMachine<?> first, AsyncMachine<?> last) {
    if (first != null) {
      first.loop().executeBatch(first, last, false);
    }
  }

  private static final class ListenerNode {
    final TaskListener listener;
    Object next;

    ListenerNode(TaskListener listener, Object next) {
      this.listener = listener;
      this.next = next;
    }
  }

  /** Wakes a thread blocked in {@link #join()}. */
  private static final class Parker implements TaskListener {
    private final Thread thread;

    Parker(Thread thread) {
      this.thread = thread;
    }

    @Override
    public void taskDone(Task<?> task) {
      LockSupport.unpark(thread);
    }
  }

  /** A task that mirrors a {@link CompletionStage}. */
  private static final class StageTask<T> extends Task<T>
      implements java.util.function.BiConsumer<T, Throwable> {
    private final CompletionStage<T> stage;

    StageTask(CompletionStage<T> stage) {
      this.stage = stage;
    }

    @Override
    public void accept(T v, Throwable e) {
      if (e != null) {
        failWith(Exceptions.unwrap(e));
      } else {
        succeed(v);
      }
    }

    @Override
    public boolean cancel(String message) {
      boolean cancelled = super.cancel(message);
      if (cancelled) {
        try {
          stage.toCompletableFuture().cancel(false);
        } catch (UnsupportedOperationException ignored) {
          // a stage that cannot be cancelled keeps running; the task is cancelled anyway
        }
      }
      return cancelled;
    }
  }
}
