package org.await4j;

import java.lang.ref.Cleaner;
import java.util.function.BiConsumer;

/**
 * Reports a failed task whose exception nobody read before the task was garbage collected
 * (asyncio's "Task exception was never retrieved"), through {@link System.Logger} at {@code
 * ERROR}.
 *
 * <p>Costs nothing on the happy path: a task is tracked only when it fails while nobody listens to
 * it (an awaited task already has its awaiter as listener). Tracking registers the task with a
 * {@link Cleaner}, whose action holds the exception and the task's name but not the task; reading
 * the exception ({@code await}, {@code result()}, {@code exception()}, {@code join()}, a listener)
 * disarms it. The cleaner's daemon thread starts with the first tracked failure.
 */
final class UnobservedFailures {
  private static final System.Logger LOG = System.getLogger(Task.class.getName());

  /** Where reports go; tests replace it. */
  static volatile BiConsumer<String, Throwable> sink = (task, failure) -> LOG.log(
      System.Logger.Level.ERROR, "Task exception was never retrieved: task " + task, failure);

  private UnobservedFailures() {}

  /** Starts tracking {@code task}, which has just failed with {@code failure}. */
  static Report track(Task<?> task, Throwable failure) {
    Report report = new Report(task.name(), failure);
    report.cleanable = Holder.CLEANER.register(task, report);
    return report;
  }

  private static final class Holder {
    static final Cleaner CLEANER = Cleaner.create(r -> {
      Thread t = new Thread(r, "await4j-unobserved-failures");
      t.setDaemon(true);
      return t;
    });
  }

  /** The action run when a tracked task is collected; never refers to the task itself. */
  static final class Report implements Runnable {
    private final String task;
    private final Throwable failure;
    private volatile boolean observed;
    Cleaner.Cleanable cleanable;

    Report(String task, Throwable failure) {
      this.task = task;
      this.failure = failure;
    }

    Throwable failure() {
      return failure;
    }

    /** The failure was read: unregister without reporting. Idempotent. */
    void disarm() {
      observed = true;
      cleanable.clean();
    }

    @Override
    public void run() {
      if (!observed) {
        sink.accept(task, failure);
      }
    }
  }
}
