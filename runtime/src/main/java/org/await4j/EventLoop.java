package org.await4j;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.await4j.internal.AsyncMachine;
import org.await4j.internal.AsyncStackTraces;
import org.await4j.internal.Poller;

/**
 * A single-threaded event loop: the thread that resumes {@link Async} state machines, one step at
 * a time. Like asyncio's loop it has a ready queue, timers and a thread-safe inbox with a
 * wake-up, so that a {@code CompletionStage} completed on any thread resumes its awaiting body on
 * the loop thread.
 *
 * <p>The rules, all in {@link #runOnce}: callbacks run from one place only; each pass runs just
 * what was ready when it began, so work submitted during a pass waits for the next one; an idle
 * loop parks until its next timer or a wake-up.
 *
 * <p>asyncio equivalents: {@code asyncio.run} is {@link #run}, {@code loop.create_task} is {@link
 * #createTask}, {@code loop.call_soon} / {@code call_soon_threadsafe} is {@link #execute}, {@code
 * asyncio.sleep} is {@link #sleep} (also {@link Tasks#sleep}).
 */
public final class EventLoop {
  private static final ThreadLocal<EventLoop> CURRENT = new ThreadLocal<>();
  private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());
  private static final Runnable NO_OP = () -> {};

  /** The source of time, replaceable in tests. Read by any thread that calls {@link #schedule}. */
  interface Ticker {
    long nanoTime();
  }

  /** The thread that runs the loop; lent, in blocking debug mode, to the body that runs now. */
  private Thread thread;
  private final Ticker ticker;
  private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
  private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  /** How many timers in {@link #timers} are cancelled: they leave it lazily (see timerCancelled). */
  private int cancelledTimers;
  private long timerSequence;
  private volatile boolean parked;
  /** What the loop waits in when idle (org.await4j.io's Selector), or null: it parks. */
  private volatile Poller poller;
  /** The last pass ended polling (it was idle): the next one need not look again at once. */
  private boolean justPolled;
  /** Set once the loop has stopped for good: {@link #submit} then fails at once. */
  private volatile boolean closed;
  /** Set by {@link #requestStop()}: a loop on a thread of its own stops after this pass. */
  private volatile boolean stopRequested;
  /**
   * The tasks made by {@link #createTask} that are not done yet, for {@link #run}'s end; made on
   * the first (a run that spawns nothing makes no set).
   */
  private volatile java.util.Set<Task<?>> spawnedPending;
  /**
   * The futures of {@link #submit} whose task has started and is not done yet; made on the first,
   * on the loop thread, which alone reads this field (a task's end may remove from the set
   * anywhere).
   */
  private java.util.Set<Submission<?>> inFlight;
  /** Whether this loop is its thread's current loop now (guards the {@link #current()} cache). */
  private volatile boolean current;
  private static volatile EventLoop lastAsked;
  private boolean interrupted;
  /**
   * The task whose step runs now (Task.current()), set by the task kinds that run code; or, while
   * {@link #fastFrame} is -1, the task object made for the innermost fast path.
   */
  Task<?> currentTask;
  /**
   * The innermost fast path of a call (see AsyncMachine): 0 if a step of {@link #currentTask}
   * (or nothing) runs innermost; the identity number of the fast path's machine class while the
   * call has no task object; -1 once {@code Task.current()} made it one. An int, so that
   * entering and leaving a fast path stores no reference (no GC barrier).
   */
  int fastFrame;
  /** The tasks that task objects made for fast paths replaced as current, innermost last. */
  private Task<?>[] replacedTasks; // made when a fast path first asks for its task
  private int replacedCount;
  /**
   * What the fast path of a call hands to its caller instead of a value: the task to await, when
   * the call had to wait after all (or ran with a task of its own). See AsyncMachine's fast path.
   */
  Task<?> handedOff;
  /** A machine whose step must run its body again, the await it suspended at being done: see AsyncMachine.step. */
  Task<?> resumeAgain;
  /** The stage of the last shared gate made on this loop, and that gate: see Task.sharedGate. */
  java.util.concurrent.CompletionStage<?> gateStage;
  Task<?> gate;
  /**
   * The spawned task whose supplier runs now, until the first task the supplier itself starts
   * becomes its body (see Spawned); while the supplier's own code runs, {@link #fastFrame} is
   * {@code Task.SUPPLIER}.
   */
  Spawned<?> pendingSpawn;
  /** How many tasks that run code were numbered on this loop: see {@link Task#name()}. */
  int taskCount;
  /** The {@link TaskLocal} context of the callback running now outside any task, or null. */
  TaskContext callbackContext;
  /** The task of {@link #run}, where a dump of pending tasks starts (see PendingTasks). */
  private Task<?> mainTask;

  EventLoop(Thread thread, Ticker ticker) {
    this.thread = thread;
    this.ticker = ticker;
    PendingTasks.loopMade(this);
  }

  /**
   * Runs a new loop on the calling thread until the task made by {@code main} is done (asyncio's
   * {@code asyncio.run}). {@code main} is called on the loop, so an {@code <Class>Async} stub
   * starts there at once.
   *
   * @return the task's result; its exception is rethrown unchanged
   * @throws IllegalStateException if the calling thread already runs a loop
   */
  public static <T> T run(Supplier<Task<T>> main) {
    Objects.requireNonNull(main, "main");
    if (CURRENT.get() != null) {
      throw new IllegalStateException(
          "EventLoop.run cannot be called from a running event loop: inside an @Async method,"
              + " await the task instead");
    }
    EventLoop loop = new EventLoop(Thread.currentThread(), System::nanoTime);
    bind(loop);
    try {
      Task<T> task = start(main);
      loop.mainTask = task;
      // The task may complete on another thread without any callback for this loop: wake it.
      task.addListener(done -> loop.execute(NO_OP));
      while (!task.isDone()) {
        loop.runOnce(true);
      }
      loop.cancelLeftovers();
      return task.result();
    } finally {
      try {
        loop.close();
      } finally {
        // whatever closing threw, the thread runs no loop any more
        unbind();
        loop.closePoller();
        if (loop.interrupted) {
          Thread.currentThread().interrupt(); // keep the caller's interrupt, seen while parked
        }
      }
    }
  }

  /**
   * {@code main.get()}, through a method handle the JIT cannot take for a constant: the body that
   * {@code main} starts is then compiled on its own, never inlined into {@link #run}. Inlined
   * there, each call of a loop such a body runs (a benchmark's loop of a million calls, typically)
   * cost 7-8 ns where it costs 0.4-2 ns on its own (two users' JMH projects, 2026-12-04; every
   * callee stayed inlined, and why the JIT's code is slower there is not known). One call per
   * run: what it costs is lost in the run's microsecond.
   */
  @SuppressWarnings("unchecked")
  private static <T> Task<T> start(Supplier<Task<T>> main) {
    try {
      return (Task<T>) (Object) startMain.invokeExact(main);
    } catch (Throwable thrown) {
      throw org.await4j.internal.Exceptions.sneakyThrow(thrown); // as main.get() threw it
    }
  }

  /** {@code Supplier.get}, deliberately not {@code final}: see {@link #start}. */
  private static MethodHandle startMain = supplierGet();

  private static MethodHandle supplierGet() {
    try {
      return MethodHandles.publicLookup()
          .findVirtual(Supplier.class, "get", MethodType.methodType(Object.class))
          .asType(MethodType.methodType(Object.class, Supplier.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The loop running on the calling thread, or {@code null} if the thread runs none. */
  public static EventLoop current() {
    // The loop that asked last, checked by thread identity, saves most ThreadLocal lookups
    // (half the cost of an async call that completes at once). A stale or racy read only
    // means a miss: the ThreadLocal is the truth.
    EventLoop last = lastAsked;
    if (last != null && last.current && last.thread == Thread.currentThread()) {
      return last;
    }
    EventLoop loop = CURRENT.get();
    if (loop != null) {
      lastAsked = loop;
    }
    return loop;
  }

  /**
   * The loop of the calling thread if it runs one, else the default loop: a daemon thread
   * started on first use, which takes async calls made from plain threads.
   */
  public static EventLoop currentOrDefault() {
    EventLoop loop = CURRENT.get();
    return loop != null ? loop : DefaultLoop.INSTANCE;
  }

  /**
   * A task that completes after {@code delay}, on the current loop (or the default loop). A delay
   * of zero or less is asyncio's {@code sleep(0)}: no timer, a plain yield ({@link
   * Tasks#yieldNow()}), so an {@code @Async} body awaiting it resumes in the next pass, as one
   * awaiting {@code yieldNow()} does, not a pass after the timers.
   */
  public static Task<Void> sleep(Duration delay) {
    if (delay.isNegative() || delay.isZero()) {
      return AsyncMachine.YIELD;
    }
    return currentOrDefault().schedule(delay);
  }

  /**
   * Schedules {@code body} to start on this loop's next pass and returns its task at once
   * (asyncio's {@code loop.create_task}). Safe from any thread. The returned task completes with
   * the outcome of the task that {@code body} returns (an {@code <Class>Async} stub call, say);
   * cancelling it before it starts means {@code body} never runs, cancelling it later cancels the
   * task that {@code body} started.
   *
   * <p>Inside the {@code @Async} body that {@code body} calls, {@link Task#current()} is the
   * returned task itself, as in asyncio: the first {@code @Async} call that {@code body} makes
   * itself is the task's body, and must be what it returns ({@code () -> XAsync.m(self, ...)}).
   * A task that exists already cannot become the returned one: if {@code body} returns another
   * task (made before, {@link Task#from}, or a later call), the returned task only follows it.
   */
  public <T> Task<T> createTask(Supplier<? extends Task<T>> body) {
    return createTask(null, body);
  }

  /**
   * As {@link #createTask(Supplier)}, with a name for {@link Task#name()}: the returned task
   * carries it, which is also {@link Task#current()} inside the body it starts.
   *
   * @throws IllegalStateException if the loop is closed ("Event loop is closed")
   */
  public <T> Task<T> createTask(String name, Supplier<? extends Task<T>> body) {
    if (closed) {
      throw closedError(); // the task would never run
    }
    Spawned<T> task = new Spawned<>(this, name, Objects.requireNonNull(body, "body"));
    // Spawned takes itself out when done (a listener would count as reading its failure, which
    // then would never be reported)
    spawned().add(task);
    execute(task);
    return task;
  }

  /**
   * Starts {@code body} on this loop from any thread and returns its outcome as a future
   * (asyncio's {@code run_coroutine_threadsafe}). Cancelling the future cancels the task. Once
   * the loop is closed (its {@link #run} returned, its {@link EventLoopGroup} shut down), the
   * future fails at once with {@link IllegalStateException} ("Event loop is closed"), and so does
   * the future of a task that was still pending when the loop closed: it never hangs.
   */
  public <T> java.util.concurrent.CompletableFuture<T> submit(Supplier<? extends Task<T>> body) {
    Objects.requireNonNull(body, "body");
    Submission<T> submission = new Submission<>(body);
    if (closed) {
      submission.reject();
      return submission.result;
    }
    execute(submission);
    if (closed) {
      submission.reject(); // closed meanwhile: it may never run (a no-op if it ran)
    }
    return submission.result;
  }

  /** Whether the loop has stopped for good: its {@link #run} returned, or it was stopped. */
  public boolean isClosed() {
    return closed;
  }

  /** A {@link #submit}: starts the body on the loop, unless the loop closed first. */
  private final class Submission<T> implements Runnable {
    final java.util.concurrent.CompletableFuture<T> result =
        new java.util.concurrent.CompletableFuture<>();
    private final Supplier<? extends Task<T>> body;

    Submission(Supplier<? extends Task<T>> body) {
      this.body = body;
    }

    @Override
    public void run() {
      if (result.isDone()) {
        return; // cancelled, or rejected, before it ran
      }
      Task<T> task;
      try {
        task = createTask(body);
      } catch (Throwable t) {
        result.completeExceptionally(t);
        return;
      }
      if (inFlight == null) {
        inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
      }
      java.util.Set<Submission<?>> running = inFlight;
      running.add(this);
      org.await4j.internal.TaskListener done = t -> {
        running.remove(this);
        Throwable e = t.failureOrNull();
        if (e != null) {
          result.completeExceptionally(e);
        } else {
          result.complete(task.result());
        }
      };
      if (!task.addListener(done)) {
        done.taskDone(task);
      }
      result.whenComplete((v, e) -> {
        if (e instanceof java.util.concurrent.CancellationException) {
          task.cancel();
        }
      });
    }

    void reject() {
      result.completeExceptionally(closedError());
    }
  }

  /** A task made by {@link #createTask} is done. */
  void spawnedDone(Task<?> task) {
    java.util.Set<Task<?>> pending = spawnedPending;
    if (pending != null) {
      pending.remove(task);
    }
  }

  private java.util.Set<Task<?>> spawned() {
    java.util.Set<Task<?>> s = spawnedPending;
    if (s == null) {
      synchronized (this) {
        s = spawnedPending;
        if (s == null) {
          spawnedPending = s = java.util.concurrent.ConcurrentHashMap.newKeySet();
        }
      }
    }
    return s;
  }

  /**
   * The end of {@link #run}, as asyncio.run's: the tasks still pending are cancelled, and the
   * loop runs on until they have ended, so that their {@code finally} blocks run (and may await).
   * Found are the tasks made by {@link #createTask}, the bodies asleep on this loop's timers and
   * those waiting in its I/O (with the bodies awaiting them, up to the ones that nobody awaits). A body that ignores the
   * cancellation and waits again keeps the loop running, as in asyncio.
   */
  private void cancelLeftovers() {
    java.util.Set<Task<?>> spawned = spawnedPending;
    if ((spawned == null || spawned.isEmpty()) && timers.isEmpty() && poller == null) {
      return; // nothing can be left over: a run that ends clean allocates nothing here
    }
    java.util.List<Task<?>> roots = new java.util.ArrayList<>();
    for (Task<?> t : spawned != null ? spawned : java.util.Set.<Task<?>>of()) {
      if (!t.isDone()) {
        roots.add(t);
      }
    }
    java.util.Set<Task<?>> seen =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    ArrayDeque<Task<?>> todo = new ArrayDeque<>();
    for (Timer timer : timers) {
      todo.addAll(timer.awaiters());
    }
    Poller p = poller;
    if (p != null) {
      p.forEachWaiting(todo::add); // bodies waiting in I/O: a read, a write, a server's handlers
    }
    while (!todo.isEmpty()) {
      Task<?> t = todo.poll();
      if (t.isDone() || !seen.add(t)) {
        continue;
      }
      java.util.List<Task<?>> up = t.awaiters();
      if (up.isEmpty() && t.face() == t) {
        // nobody awaits it: cancelling it reaches what it awaits (a spawned task's body is
        // reached through that task, a root already, which counts the cancel)
        roots.add(t);
      } else {
        todo.addAll(up);
      }
    }
    if (roots.isEmpty()) {
      return;
    }
    for (Task<?> t : roots) {
      t.cancel();
    }
    Task<?> all = Tasks.allSettled(roots);
    while (!all.isDone()) {
      runOnce(true);
    }
    for (Task<?> t : roots) {
      Throwable failure = t.isCancelled() ? null : t.exception();
      if (failure != null) {
        UnobservedFailures.failedAtShutdown(t, failure); // a finally block threw
      }
    }
  }

  static IllegalStateException closedError() {
    return new IllegalStateException("Event loop is closed");
  }

  /**
   * The loop has stopped for good (on its own thread): what was submitted and has not started,
   * or has not ended, fails instead of hanging.
   */
  private void close() {
    closed = true;
    drainInbox();
    for (Runnable r : ready) {
      if (r instanceof Submission) {
        ((Submission<?>) r).reject();
      }
    }
    ready.clear();
    java.util.Set<Submission<?>> running = inFlight;
    if (running != null) {
      for (Submission<?> s : running) {
        s.reject();
      }
      running.clear();
    }
    AsyncStackTraces.settle();
    UnobservedFailures.loopEnded(this); // failures nobody read: reported now, not at GC time
  }

  /**
   * Asks a loop running on a thread of its own ({@link #startOnNewThread}) to stop after its
   * current pass and close. Safe from any thread.
   */
  void requestStop() {
    stopRequested = true;
    execute(NO_OP); // wakes it if parked
  }

  /**
   * Runs {@code callback} on this loop's thread soon (asyncio's {@code call_soon_threadsafe}), in
   * the {@link TaskLocal} context of the code that called it, as asyncio's runs in the caller's
   * context; {@link #execute} is the same without the context.
   */
  public void callSoonThreadsafe(Runnable callback) {
    execute(TaskContext.carrying(Objects.requireNonNull(callback, "callback")));
  }

  /**
   * Starts a loop on a new daemon thread named {@code name}, running until the JVM exits: one
   * of the loops of a server that wants every core (see {@link EventLoopGroup}).
   */
  public static EventLoop startOnNewThread(String name) {
    EventLoop[] holder = new EventLoop[1];
    java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
    Thread t = new Thread(() -> {
      EventLoop loop = holder[0];
      bind(loop);
      ready.countDown();
      try {
        while (!loop.stopRequested) {
          loop.runOnce(true);
        }
      } finally {
        loop.close();
        unbind();
      }
    }, name);
    t.setDaemon(true);
    holder[0] = new EventLoop(t, System::nanoTime);
    t.start();
    try {
      ready.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return holder[0];
  }

  /** The thread that runs this loop. */
  Thread thread() {
    return thread;
  }

  /** Whether a thread runs this loop now: bound to it, not closed, alive. For dumps. */
  boolean isRunning() {
    return current && !closed && thread.isAlive();
  }

  /**
   * Blocking debug mode ({@link BlockingBody}): {@code owner}, a body's thread, runs this loop's
   * code while the thread that lends it waits; returns the lender, to be given the loop back the
   * same way. One of the two runs at a time, handing over under a lock.
   */
  Thread lendTo(Thread owner) {
    Thread lender = thread;
    thread = owner;
    return lender;
  }

  /** Blocking debug mode: a body's thread sees {@code loop} as its current loop. */
  static void bindBody(EventLoop loop) {
    CURRENT.set(loop);
  }

  /** Whether the calling thread is this loop's thread. */
  public boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  /**
   * Runs {@code callback} on this loop's thread soon. Safe from any thread: from another thread
   * it goes through the inbox and wakes the loop.
   */
  public void execute(Runnable callback) {
    if (Thread.currentThread() == thread) {
      ready.add(callback);
    } else {
      inbox.add(callback);
      if (parked) {
        wake();
      }
    }
  }

  /**
   * Not API: the hook of {@code org.await4j.io}. The poller this loop waits in when idle,
   * installed from {@code ifAbsent} on first use; on the loop thread only.
   */
  public Poller poller(Supplier<? extends Poller> ifAbsent) {
    if (Thread.currentThread() != thread) {
      throw new IllegalStateException("a loop's poller is installed on its own thread only");
    }
    Poller p = poller;
    if (p == null) {
      p = Objects.requireNonNull(ifAbsent.get(), "poller");
      poller = p;
    }
    return p;
  }

  private void wake() {
    Poller p = poller;
    if (p != null) {
      p.wakeup();
    } else {
      LockSupport.unpark(thread);
    }
  }

  private void closePoller() {
    Poller p = poller;
    if (p != null) {
      poller = null;
      p.close();
    }
  }

  /** Makes {@code identity} the task of the innermost fast path (Task.current() asked). */
  void adoptIdentity(Task<?> identity) {
    if (replacedTasks == null) {
      replacedTasks = new Task<?>[4];
    } else if (replacedCount == replacedTasks.length) {
      replacedTasks = java.util.Arrays.copyOf(replacedTasks, replacedCount * 2);
    }
    replacedTasks[replacedCount++] = currentTask;
    currentTask = identity;
    fastFrame = -1;
  }

  /** Leaves a fast path whose task object was made: what it replaced is current again. */
  void dropIdentity() {
    Task<?> replaced = replacedTasks[--replacedCount];
    replacedTasks[replacedCount] = null;
    currentTask = replaced;
  }

  /**
   * Queues state machines of this loop that a task's completion resumes, in order: {@code first}
   * up to {@code last}, each linked to the next by its {@code after} ({@code ring}) or its {@code
   * link}. One entry of the ready queue, however many machines: the whole batch runs in the next
   * pass. From any thread.
   */
  void executeBatch(Task<?> first, Task<?> last, boolean ring) {
    execute(first == last ? (Runnable) first : new Batch(first, last, ring));
  }

  /** Machines that one completion resumes, in order (see {@link #executeBatch}). */
  private static final class Batch implements Runnable {
    final Task<?> first;
    final Task<?> last;
    final boolean ring;

    Batch(Task<?> first, Task<?> last, boolean ring) {
      this.first = first;
      this.last = last;
      this.ring = ring;
    }

    Task<?> next(Task<?> m) {
      return (Task<?>) (ring ? m.after : m.link);
    }

    @Override
    public void run() {
      Task<?> m = first;
      for (;;) {
        Task<?> next = m == last ? null : next(m); // read first: once run, it may link elsewhere
        runMachine((AsyncMachine<?>) m);
        if (next == null) {
          return;
        }
        m = next;
      }
    }
  }

  /** A task on this loop that completes with {@code null} after {@code delay}. */
  public Task<Void> schedule(Duration delay) {
    return timer(delay);
  }

  /** {@link #schedule} as the timer itself, for the scopes that cancel their own quietly. */
  Timer timer(Duration delay) {
    // counted from this call, not from the pass that takes the timer in
    return addTimer(ticker.nanoTime() + Math.max(0, delay.toNanos()), null);
  }

  /**
   * A task on this loop that completes in the next pass, queued as a callback (asyncio's {@code
   * call_soon}): for a deadline that has passed already. On the loop thread.
   */
  Timer scheduleSoon() {
    Timer timer = new Timer(this, null);
    timer.deadline = ticker.nanoTime();
    execute(timer);
    return timer;
  }

  /**
   * The loop's clock, in nanoseconds (asyncio's {@code loop.time()}): monotonic, with an
   * arbitrary origin, the time {@link #callAt} and {@link TimerHandle#when()} are given in.
   */
  public long time() {
    return ticker.nanoTime();
  }

  /**
   * Runs {@code callback} on this loop once {@code delay} has passed (asyncio's {@code
   * call_later}): in the first pass at or after its deadline, in deadline order with the other
   * timers (the same deadline: in the order scheduled), so {@code Duration.ZERO} runs in the next
   * pass. Safe from any thread.
   *
   * @return a handle that cancels it
   */
  public TimerHandle callLater(Duration delay, Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    return callAt(ticker.nanoTime() + Math.max(0, delay.toNanos()), callback);
  }

  /**
   * Runs {@code callback} on this loop once {@link #time()} reaches {@code time} (asyncio's
   * {@code call_at}); see {@link #callLater}.
   */
  public TimerHandle callAt(long time, Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    return new TimerHandle(addTimer(time, TaskContext.carrying(callback)), time);
  }

  private Timer addTimer(long deadline, Runnable callback) {
    Timer timer = new Timer(this, callback);
    timer.deadline = deadline;
    if (Thread.currentThread() == thread) {
      register(timer); // as asyncio's call_at: in the heap at once, due from the next pass
    } else {
      execute(() -> register(timer));
    }
    return timer;
  }

  private void register(Timer timer) {
    if (timer.isDone()) {
      return; // cancelled before the loop took it in: never kept until its deadline
    }
    timer.sequence = timerSequence++;
    timer.inHeap = true;
    timers.add(timer);
  }

  /**
   * A timer in the heap was cancelled (on the loop thread). As asyncio's loop, it stays there
   * until it comes first or until cancelled timers are half of the heap, then they all go in one
   * pass: a cancel costs no scan of the heap, and the heap never holds more dead timers than live
   * ones. The first timer is never a cancelled one.
   */
  void timerCancelled(Timer timer) {
    if (!timer.inHeap || timer.counted) {
      return; // not taken in yet, or already out
    }
    timer.counted = true;
    cancelledTimers++;
    if (timers.peek() == timer) {
      dropCancelledHead();
    } else if (cancelledTimers * 2 > timers.size()) {
      timers.removeIf(t -> {
        if (t.isDone()) {
          t.inHeap = false;
          return true;
        }
        return false;
      });
      cancelledTimers = 0;
    }
  }

  /** Takes cancelled timers off the front of the heap. */
  private void dropCancelledHead() {
    Timer t;
    while ((t = timers.peek()) != null && t.isDone()) {
      timers.poll();
      leftHeap(t);
    }
  }

  private void leftHeap(Timer t) {
    t.inHeap = false;
    if (t.counted) {
      cancelledTimers--;
    }
  }

  /**
   * One pass of the loop: take in what other threads sent, move due timers to the ready queue,
   * run what was ready when the pass began; if nothing was ready and {@code mayPark}, park until
   * the next timer is due or another thread wakes the loop.
   */
  void runOnce(boolean mayPark) {
    drainInbox();
    Poller p = poller;
    if (p != null && !justPolled && !ready.isEmpty()) {
      p.poll(0); // a busy loop still takes in I/O readiness every pass
    }
    justPolled = false;
    fireDueTimers();
    int n = ready.size();
    if (n == 0) {
      AsyncStackTraces.settle(); // a failure's trace is not left half written while idle
      if (mayPark) {
        park();
      }
      return;
    }
    for (int i = 0; i < n; i++) {
      Runnable callback = ready.poll();
      if (callback instanceof AsyncMachine) {
        runMachine((AsyncMachine<?>) callback);
      } else if (callback instanceof Batch) {
        callback.run(); // each machine on its own, as runCallback runs one
      } else {
        runCallback(callback);
      }
    }
  }

  /** Runs a machine that was waiting: what linked it to others goes (it keeps nothing alive). */
  private static void runMachine(AsyncMachine<?> m) {
    Task<?> t = m;
    t.link = null;
    t.after = null;
    runCallback(m);
  }

  private static void runCallback(Runnable callback) {
    try {
      if (Debug.ENABLED) {
        runTimed(callback);
      } else {
        callback.run();
      }
    } catch (Throwable t) {
      // A callback's failure must not stop the loop; state machines never get here, they
      // complete their task instead.
      LOG.log(System.Logger.Level.ERROR, "callback failed on the event loop", t);
    }
  }

  /** Debug mode: a step that holds the loop too long is logged with where it started. */
  private static void runTimed(Runnable callback) {
    String where = callback instanceof AsyncMachine
        ? ((AsyncMachine<?>) callback).where() : String.valueOf(callback);
    long start = System.nanoTime();
    callback.run();
    long took = System.nanoTime() - start;
    if (took > Debug.SLOW_NANOS) {
      Debug.slowStep(callback, where, took);
    }
  }

  /**
   * Gives {@code sink} the tasks this loop holds: its main task, its timers, and the tasks in its
   * ready queue and inbox. On the loop thread only; for dumps of pending tasks.
   */
  void forEachHeldTask(java.util.function.Consumer<Task<?>> sink) {
    if (mainTask != null) {
      sink.accept(mainTask);
    }
    for (Timer t : timers) {
      if (!t.isDone()) {
        sink.accept(t); // a cancelled one waits only to leave the heap
      }
    }
    java.util.Set<Task<?>> spawned = spawnedPending;
    if (spawned != null) {
      spawned.forEach(sink);
    }
    if (poller != null) {
      poller.forEachWaiting(sink);
    }
    for (Runnable r : ready) {
      heldIn(r, sink);
    }
    for (Runnable r : inbox) {
      heldIn(r, sink);
    }
  }

  private static void heldIn(Runnable r, java.util.function.Consumer<Task<?>> sink) {
    if (r instanceof Batch) {
      Batch b = (Batch) r;
      for (Task<?> m = b.first; ; m = b.next(m)) {
        sink.accept(m);
        if (m == b.last) {
          return;
        }
      }
    } else if (r instanceof Task) {
      sink.accept((Task<?>) r);
    }
  }

  /** Whether there is anything to run now or later, for tests that drive a loop by hand. */
  boolean hasWork() {
    return !ready.isEmpty() || !inbox.isEmpty() || !timers.isEmpty();
  }

  /**
   * Makes {@code loop} the calling thread's current loop ({@code null}: none), for tests that
   * drive a loop by hand with {@link #runOnce}.
   */
  static void bindToCurrentThread(EventLoop loop) {
    if (loop == null) {
      unbind();
    } else {
      bind(loop);
    }
  }

  private static void bind(EventLoop loop) {
    EventLoop old = CURRENT.get();
    if (old != null) {
      old.current = false;
    }
    loop.current = true;
    CURRENT.set(loop);
  }

  private static void unbind() {
    EventLoop old = CURRENT.get();
    if (old != null) {
      old.current = false;
    }
    CURRENT.remove();
  }

  /** Whether a pass would run something now, for tests that drive a loop by hand. */
  boolean hasReadyWork() {
    return !ready.isEmpty() || !inbox.isEmpty();
  }

  /** How many timers the heap holds, cancelled ones not yet gone included; for tests. */
  int heldTimers() {
    return timers.size();
  }

  /** The deadline of the next timer, or {@code Long.MAX_VALUE}; for tests on virtual time. */
  long nextTimerDeadline() {
    Timer next = timers.peek();
    return next == null ? Long.MAX_VALUE : next.deadline;
  }

  private void drainInbox() {
    Runnable r;
    while ((r = inbox.poll()) != null) {
      ready.add(r);
    }
  }

  private void fireDueTimers() {
    if (timers.isEmpty()) {
      return; // no clock read on the hot path: it costs more than a whole hop
    }
    long now = ticker.nanoTime();
    Timer t;
    while ((t = timers.peek()) != null && t.deadline - now <= 0) {
      timers.poll();
      leftHeap(t);
      ready.add(t);
      dropCancelledHead();
    }
  }

  private void park() {
    parked = true;
    try {
      if (!inbox.isEmpty()) {
        return;
      }
      Timer next = timers.peek();
      Poller p = poller;
      justPolled = p != null;
      if (next == null) {
        if (p != null) {
          p.poll(-1);
        } else {
          LockSupport.park(this);
        }
      } else {
        long wait = next.deadline - ticker.nanoTime();
        if (p != null) {
          p.poll(Math.max(0, wait));
        } else if (wait > 0) {
          LockSupport.parkNanos(this, wait);
        }
      }
    } finally {
      parked = false;
      // park returns at once while the interrupt flag is set: clear it so that the loop does
      // not spin, and remember it for EventLoop.run to restore
      interrupted |= Thread.interrupted();
    }
  }

  /** A sleep: a task that its loop completes when the deadline passes. */
  static final class Timer extends Task<Void> implements Runnable, Comparable<Timer> {
    private final EventLoop loop;
    /** What {@link #callLater} runs when the timer fires; null for a sleep. */
    private final Runnable callback;
    long deadline;
    long sequence;

    Timer(EventLoop loop, Runnable callback) {
      this.loop = loop;
      this.callback = callback;
    }

    @Override
    public void run() {
      if (succeed(null) && callback != null) {
        callback.run(); // not cancelled first: its turn, on the loop
      }
    }

    /** Whether it is in its loop's heap of timers, and counted there as cancelled; loop thread. */
    boolean inHeap;
    boolean counted;

    @Override
    public boolean cancel(String message) {
      return cancelled(super.cancel(message));
    }

    /**
     * Cancels a timer that only its owner awaits (a {@link Timeout}'s), which never reads why:
     * its cancellation carries no stack trace, so closing a scope before its deadline is cheap.
     */
    boolean cancelQuietly() {
      return cancelled(failWith(new QuietCancellation()));
    }

    private boolean cancelled(boolean cancelled) {
      if (cancelled) {
        if (Thread.currentThread() == loop.thread) {
          loop.timerCancelled(this);
        } else {
          loop.execute(() -> loop.timerCancelled(this));
        }
      }
      return cancelled;
    }

    @Override
    public int compareTo(Timer o) {
      int c = Long.compare(deadline - o.deadline, 0);
      return c != 0 ? c : Long.compare(sequence, o.sequence);
    }
  }

  /** A timer's cancellation that nothing reads: without a stack trace, which costs a kilobyte. */
  private static final class QuietCancellation extends java.util.concurrent.CancellationException {
    private static final long serialVersionUID = 1L;

    QuietCancellation() {
      super("timer cancelled");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  /** The loop that runs async calls made from threads that run no loop. */
  private static final class DefaultLoop {
    static final EventLoop INSTANCE = start();

    private static EventLoop start() {
      EventLoop[] holder = new EventLoop[1];
      Thread t = new Thread(() -> {
        EventLoop loop = holder[0];
        bind(loop);
        for (;;) {
          loop.runOnce(true);
        }
      }, "await4j-default-loop");
      t.setDaemon(true);
      holder[0] = new EventLoop(t, System::nanoTime);
      t.start();
      return holder[0];
    }
  }
}
