package org.await4j;

import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.await4j.internal.AsyncStackTraces;

/**
 * Reports a failed task whose exception nobody read before the task was garbage collected
 * or, at the latest, before the loop it failed on ended (asyncio's "Task exception was never
 * retrieved"), through {@link System.Logger} at {@code ERROR}.
 *
 * <p>Costs nothing on the happy path: a task is tracked only when it fails while nobody listens to
 * it (an awaited task already has its awaiter as listener). Tracking keeps a phantom reference
 * that holds the exception and the task's name but not the task; reading the exception ({@code
 * await}, {@code result()}, {@code exception()}, {@code join()}, a listener) disarms it. A daemon
 * thread watches for collected tasks only while some are tracked: it ends once none is left (or
 * when interrupted, as {@code mvn exec:java} does at the end of a program), and the next tracked
 * failure starts it again, so it never keeps a program waiting.
 */
final class UnobservedFailures {
  private static final System.Logger LOG = System.getLogger(Task.class.getName());
  /** How long the watcher waits for a collected task before it looks whether any is left. */
  private static final long IDLE_MILLIS = 500;

  /** Where reports go (the message, the failure); tests replace it. */
  static volatile BiConsumer<String, Throwable> sink = (message, failure) -> LOG.log(
      System.Logger.Level.ERROR, message, failure);

  private static final ReferenceQueue<Task<?>> COLLECTED = new ReferenceQueue<>();
  /** The armed reports: a phantom reference must stay reachable to be enqueued. */
  private static final Set<Report> ARMED = ConcurrentHashMap.newKeySet();
  private static final AtomicBoolean WATCHING = new AtomicBoolean();
  /**
   * Linked with the class (which the first machine class initializes), not at the first failure,
   * which may come deep in a recursion: a method reference that fails to link there (a
   * StackOverflowError) fails at that place for the rest of the run.
   */
  private static final Runnable WATCHER = UnobservedFailures::watchUntilIdle;

  private UnobservedFailures() {}

  /** Starts tracking {@code task}, which has just failed with {@code failure}. */
  static Report track(Task<?> task, Throwable failure) {
    Report report = new Report(task, failure);
    ARMED.add(report);
    watch();
    return report;
  }

  /**
   * {@code loop} has ended: report now, rather than when the GC gets to them, the failures of
   * tasks that failed on it and that nobody read (asyncio reports them when the loop's tasks are
   * dropped at its end). Nothing to do, and one read, when no failure is armed.
   */
  static void loopEnded(EventLoop loop) {
    if (ARMED.isEmpty()) {
      return;
    }
    for (Report r : ARMED) {
      if (r.loop == loop && ARMED.remove(r) && !r.observed) {
        report(r.task, r.failure);
      }
    }
  }

  private static void report(String task, Throwable failure) {
    sink.accept("Task exception was never retrieved: task " + task,
        AsyncStackTraces.delivered(failure));
  }

  /**
   * {@code task} failed with {@code failure} after {@link EventLoop#run} cancelled it at its end
   * (a {@code finally} block threw): nobody is left to read it, so it is reported, as
   * asyncio.run reports an exception during its shutdown.
   */
  static void failedAtShutdown(Task<?> task, Throwable failure) {
    sink.accept("Unhandled exception during EventLoop.run shutdown: task " + task.name(),
        AsyncStackTraces.delivered(failure));
  }

  /** The number of armed reports, for tests. */
  static int armed() {
    return ARMED.size();
  }

  private static void watch() {
    if (!ARMED.isEmpty() && WATCHING.compareAndSet(false, true)) {
      try {
        Thread t = new Thread(WATCHER, "await4j-unobserved-failures");
        t.setDaemon(true);
        t.start();
      } catch (Throwable notStarted) { // out of stack or threads: the next failure tries again
        WATCHING.set(false);
        throw notStarted;
      }
    }
  }

  private static void watchUntilIdle() {
    try {
      while (!ARMED.isEmpty()) {
        Report collected = (Report) COLLECTED.remove(IDLE_MILLIS);
        if (collected != null && ARMED.remove(collected) && !collected.observed) {
          report(collected.task, collected.failure);
        }
      }
    } catch (InterruptedException programEnds) {
      // ended from outside: the next tracked failure starts a new watcher
    } finally {
      WATCHING.set(false);
    }
    if (!Thread.currentThread().isInterrupted()) {
      watch(); // a failure tracked just as this one ended
    }
  }

  /** What is reported when a tracked task is collected; never refers to the task itself. */
  static final class Report extends PhantomReference<Task<?>> {
    private final String task;
    private final Throwable failure;
    /** The loop the task failed on, if it failed on one: the report is made when it ends. */
    private final EventLoop loop;
    private volatile boolean observed;

    Report(Task<?> task, Throwable failure) {
      super(task, COLLECTED);
      this.task = task.name();
      this.failure = failure;
      this.loop = EventLoop.current();
    }

    Throwable failure() {
      return failure;
    }

    /** The failure was read: unregister without reporting. Idempotent. */
    void disarm() {
      observed = true;
      ARMED.remove(this);
    }
  }
}
