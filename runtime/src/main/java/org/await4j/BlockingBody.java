package org.await4j;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.await4j.internal.AsyncMachine;
import org.await4j.internal.BlockingTraces;
import org.await4j.internal.Exceptions;
import org.await4j.internal.ScopeExit;
import org.await4j.internal.TaskListener;

/**
 * Blocking debug mode ({@code -Dawait4j.debug.blocking=true}, see {@link Debug#BLOCKING}): an
 * {@code @Async} call runs the source method itself, its blocking form, on a thread of its own (a
 * virtual thread where the JDK has them), so that breakpoints and stepping work in the user's
 * file and the debugger shows the user's frames. The body and its loop take turns, one at a time
 * as on the loop: the loop's thread lends the loop to the body's thread and waits until the body
 * awaits something that is not done (then the loop runs on, and resumes the body when it is) or
 * ends. Calls to other {@code @Async} methods inside the body are plain calls, as in the blocking
 * run; only {@code await} hands control back. Not for production: a thread per call.
 *
 * <p>Cancelling works as a machine's: counted, forwarded to the awaited task, delivered once that
 * has ended. A {@link Timeout} or {@link TaskGroup} opened by the body stops it that way too; the
 * cancellation then becomes the scope's exception ({@link #scopesEnded}) at the await it stops.
 */
final class BlockingBody<T> extends Task<T> implements TaskListener {
  private static final ThreadFactory THREADS = threads();

  private final EventLoop loop;
  private final Method method;
  private final Object self;
  private final Object[] args;
  /** A lock, not a monitor: a virtual thread waits on it without pinning its carrier (JDK 21). */
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition turn = lock.newCondition();
  /** What {@link #cancelRequest} holds for a cancel without a message. */
  private static final Object NO_MESSAGE = new Object();
  private Thread thread;
  /** Whose turn it is: the body's thread (true) or the thread that lent it the loop (false). */
  private boolean bodyTurn;
  /** The body ended: its value, or its exception in {@link #failure}. */
  private boolean ended;
  private Object value;
  private Throwable failure;
  /** What the body waits for, and the number of that wait (a late wake-up of an older one is ignored). */
  private Task<?> awaiting;
  private int waits;
  /**
   * As a machine's: null; a cancel to deliver at the body's next await that waits (its message,
   * or {@link #NO_MESSAGE}); or {@link #FORWARDED} while the awaited task decides.
   */
  private Object interrupt;
  private static final Object FORWARDED = new Object();
  /** The body's open scopes, a {@link Timeout} or {@link TaskGroup}; see {@link #scopesEnded}. */
  private final BodyScopes scopes = new BodyScopes();

  private BlockingBody(EventLoop loop, Method method, Object self, Object[] args) {
    this.loop = loop;
    this.method = method;
    this.self = self;
    this.args = args;
  }

  /** Starts a call: at once, up to its first await that waits, as a stub starts a machine. */
  static <T> Task<T> call(Class<?> owner, String name, Class<?>[] parameters, Object self,
      Object[] args) {
    Method m;
    try {
      m = owner.getDeclaredMethod(name, parameters);
      m.setAccessible(true); // the stub may call a private method: the class's own code
    } catch (NoSuchMethodException | RuntimeException e) {
      return Task.failed(e);
    }
    EventLoop current = EventLoop.current();
    EventLoop loop = current != null ? current : EventLoop.currentOrDefault();
    BlockingBody<T> body = new BlockingBody<>(loop, m, self, args);
    body.inheritContext(); // its TaskLocal values: a copy of its creator's, as a machine's
    if (current != null) {
      body.startingInSupplier(current); // a spawned task's body, if its supplier called it
      body.takeTurn();
    } else {
      loop.execute(body::takeTurn);
    }
    return body;
  }

  /** The body that runs on the calling thread, or null. */
  static BlockingBody<?> onThisThread() {
    return CURRENT.get();
  }

  private static final ThreadLocal<BlockingBody<?>> CURRENT = new ThreadLocal<>();

  /**
   * Runs the body until it awaits something not done, or ends; called by the thread that holds
   * the loop (its own, or a body's that starts another body).
   */
  private void takeTurn() {
    if (isDone()) {
      return;
    }
    Task<?> outer = enterTask(loop);
    int frame = stepOutOfFrame(loop);
    lock.lock();
    try {
      bodyTurn = true;
      if (thread == null) {
        thread = THREADS.newThread(this::runBody);
        lender = loop.lendTo(thread);
        thread.start();
      } else {
        lender = loop.lendTo(thread);
        turn.signalAll();
      }
      while (bodyTurn) {
        turn.awaitUninterruptibly();
      }
    } finally {
      lock.unlock();
    }
    exitTask(loop, outer, frame);
    if (ended) {
      // completed here, on the loop's thread, so that listeners run where they would
      if (failure != null) {
        failWith(failure);
      } else {
        @SuppressWarnings("unchecked")
        T v = (T) value;
        succeed(v);
      }
    }
  }

  private void runBody() {
    EventLoop.bindBody(loop);
    CURRENT.set(this);
    try {
      value = method.invoke(self, args);
    } catch (InvocationTargetException e) {
      failure = e.getCause();
    } catch (Throwable t) {
      failure = t;
    }
    lock.lock();
    try {
      ended = true;
      handBack();
    } finally {
      lock.unlock();
    }
  }

  /** The thread that lent the loop for this turn: the loop's own, or a body's that started this one. */
  private Thread lender;

  /** Gives the loop back to the thread that lent it; called holding the lock. */
  private void handBack() {
    loop.lendTo(lender);
    bodyTurn = false;
    turn.signalAll();
  }

  /**
   * The body's {@code await}: returns at once if {@code task} is done (as a machine's, without
   * delivering a pending cancel), else hands control back until it is, or the body is cancelled.
   */
  <V> V await(Task<V> task) {
    if (task != AsyncMachine.YIELD && task.isDone()) {
      return outcome(task);
    }
    // named Task-<n> now, as a call's task object is made when it first waits (or asks for
    // Task.current()), so that both modes number the same tasks alike
    numberOn(loop);
    if (isItself(task)) {
      // it would wait for itself forever: the await throws, as a machine's (and asyncio's) does
      throw new IllegalStateException("Task cannot await on itself: " + name());
    }
    CancellationException cancelled = null;
    lock.lock();
    try {
      int wait = ++waits;
      awaiting = task;
      Object why = interrupt;
      if (why != null && why != FORWARDED && task != AsyncMachine.YIELD
          && task.cancel(message(why))) {
        interrupt = FORWARDED; // cancelled while running: the awaited task's outcome decides
      }
      if (task == AsyncMachine.YIELD) {
        loop.execute(() -> resume(wait));
      } else if (!task.addListener(this)) { // this body, as a machine: the end of run finds it
        loop.execute(() -> resume(wait)); // done meanwhile
      }
      handBack();
      while (!bodyTurn) {
        turn.awaitUninterruptibly();
      }
      awaiting = null;
      why = interrupt;
      interrupt = null;
      if (why != null && why != FORWARDED) {
        // resumed from a real wait: the cancel is delivered here, as a machine's
        cancelled = new CancellationException(
            why == NO_MESSAGE ? "task was cancelled" : (String) why);
      }
    } finally {
      lock.unlock();
    }
    if (cancelled != null) {
      if (task instanceof org.await4j.internal.Handover) {
        // as a machine's await: a lock, permit or item handed to the body, which will not
        // receive it, goes back to the next waiter (it was kept: the next one waited forever)
        ((org.await4j.internal.Handover) task).refused();
      }
      throw scopesEnded(cancelled);
    }
    return outcome(task);
  }

  /** {@code task}'s value, or its exception, which a scope of the body may replace. */
  private <V> V outcome(Task<V> task) {
    try {
      return task.result();
    } catch (CancellationException e) {
      throw scopesEnded((CancellationException) BlockingTraces.awaitedOnThisThread(e));
    } catch (Throwable t) {
      throw Exceptions.sneakyThrow(BlockingTraces.awaitedOnThisThread(t));
    }
  }

  /**
   * What leaves the body's open scopes when a cancellation does: a machine's try-with-resources
   * lets each scope replace it at the scope's end (its {@code bodyEnded}, innermost first), so
   * that a deadline becomes a {@code TimeoutException} and a child's failure the group's. Java's
   * own cannot replace an exception, so here the await that the scope stopped throws it (as in
   * the blocking run, see {@link BlockingScope}).
   */
  private RuntimeException scopesEnded(CancellationException e) {
    return Exceptions.sneakyThrow(scopes.ended(e));
  }

  /** A scope opened by the body, to be asked at its awaits; see {@link #scopesEnded}. */
  void opened(ScopeExit scope) {
    scopes.opened(scope);
  }

  /** The scope has ended; from any thread. */
  void closed(ScopeExit scope) {
    scopes.closed(scope);
  }

  private static String message(Object why) {
    return why == NO_MESSAGE ? null : (String) why;
  }

  private void resume(int wait) {
    if (wait == waits && !ended) {
      takeTurn();
    }
  }

  /** Whether the body runs now, on this thread (it asks where it is, say). */
  boolean isRunning() {
    return Thread.currentThread() == thread;
  }

  /** The task the body waits for now, or null. For dumps of pending tasks. */
  Task<?> awaitedTask() {
    return awaiting;
  }

  /**
   * Where the body is now, as a machine says it: the method and line of the innermost frame of
   * the user's code on the body's thread (read from that thread's stack, only when asked).
   */
  String where() {
    Thread t = thread;
    if (t != null) {
      StackTraceElement[] frames = t.getStackTrace();
      int at = BlockingTraces.awaitingFrame(frames);
      if (at < frames.length) {
        StackTraceElement f = frames[at];
        return simpleName(f.getClassName()) + "." + f.getMethodName() + ", line "
            + f.getLineNumber();
      }
    }
    return simpleName(method.getDeclaringClass().getName()) + "." + method.getName();
  }

  private static String simpleName(String className) {
    return className.substring(
        Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1);
  }

  @Override
  public String toString() {
    return isDone() ? super.toString() : name() + "[pending at " + where() + "]";
  }

  /** What the body awaits is done: it resumes on its loop (a late wake-up is ignored). */
  @Override
  public void taskDone(Task<?> done) {
    loop.execute(() -> {
      if (awaiting == done && !ended) {
        takeTurn();
      }
    });
  }

  /**
   * As a machine's: a body waiting for a task forwards the cancel to it, whose outcome then
   * decides; otherwise its await throws a {@link CancellationException} once the awaited task
   * has ended. Each call counts one request for {@link #cancelling()}, which scopes read.
   */
  @Override
  public boolean cancel(String message) {
    if (isDone()) {
      return false;
    }
    if (!loop.inLoop()) {
      loop.execute(() -> cancel(message));
      return true;
    }
    countCancel();
    Task<?> what = awaiting;
    Object why = interrupt;
    if ((why == null || why == FORWARDED) && what != null && what != AsyncMachine.YIELD
        && what.cancel(message)) {
      interrupt = FORWARDED;
      return true;
    }
    if (why == FORWARDED && what != null && what.isCancelled()) {
      return true; // an earlier cancel was accepted: the body gets that cancellation
    }
    interrupt = message == null ? NO_MESSAGE : message;
    if (what != null && what != AsyncMachine.YIELD) {
      what.cancel(); // the body resumes when it has ended (a yield resumes it anyway)
    }
    return true;
  }

  /** Virtual threads where the JDK has them (21+, reached by reflection), else daemon threads. */
  private static ThreadFactory threads() {
    try {
      Class<?> builderType = Class.forName("java.lang.Thread$Builder");
      Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
      builder = builderType.getMethod("name", String.class, long.class)
          .invoke(builder, "await4j-body-", 1L);
      return (ThreadFactory) builderType.getMethod("factory").invoke(builder);
    } catch (ReflectiveOperationException | RuntimeException noVirtualThreads) {
      return r -> {
        Thread t = new Thread(r, "await4j-body");
        t.setDaemon(true);
        return t;
      };
    }
  }
}
