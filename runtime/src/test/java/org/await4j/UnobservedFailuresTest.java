package org.await4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** asyncio's "Task exception was never retrieved": reported when a failed task is dropped. */
@Isolated
class UnobservedFailuresTest {
  private final Map<String, Throwable> reported = new ConcurrentHashMap<>();
  private BiConsumer<String, Throwable> saved;

  @BeforeEach
  void capture() {
    saved = UnobservedFailures.sink;
    UnobservedFailures.sink = (name, failure) -> {
      if (failure.getMessage() != null && failure.getMessage().startsWith("unobserved-test")) {
        reported.put(failure.getMessage(), failure);
      }
    };
  }

  @AfterEach
  void restore() {
    UnobservedFailures.sink = saved;
  }

  @Test
  void aFailureNobodyReadsIsReportedWhenTheTaskIsCollected() {
    WeakReference<Task<String>> ref = dropFailed("unobserved-test-1", false);
    collect(ref);
    waitForReport("unobserved-test-1");
    assertTrue(reported.get("unobserved-test-1") instanceof IOException);
  }

  @Test
  void aFailureThatWasReadIsNotReported() throws Exception {
    WeakReference<Task<String>> read = dropFailed("unobserved-test-read", true);
    WeakReference<Task<String>> canary = dropFailed("unobserved-test-canary", false);
    collect(read);
    collect(canary);
    waitForReport("unobserved-test-canary"); // the cleaner got this far
    assertTrue(!reported.containsKey("unobserved-test-read"), reported.toString());
  }

  @Test
  void awaitedListenedAndCancelledTasksAreNotReported() {
    ManualTask<String> awaited = new ManualTask<>();
    Task<List<String>> all = Tasks.all(awaited); // listens before the failure
    awaited.fail(new IOException("unobserved-test-listened"));
    assertSame(awaited.exception(), all.exception()); // the gather itself is read here
    ManualTask<String> cancelled = new ManualTask<>();
    cancelled.cancel();
    WeakReference<Task<String>> r1 = new WeakReference<>(awaited);
    WeakReference<Task<String>> r2 = new WeakReference<>(cancelled);
    awaited = null;
    cancelled = null;
    all = null;
    WeakReference<Task<String>> canary = dropFailed("unobserved-test-canary2", false);
    collect(r1);
    collect(r2);
    collect(canary);
    waitForReport("unobserved-test-canary2");
    assertEquals(1, reported.size(), reported.toString());
  }

  @Test
  void aFailureNobodyReadIsReportedWhenItsLoopEndsWhileTheTaskIsStillAlive() {
    List<Task<String>> kept = new java.util.ArrayList<>(); // not collected: no GC report
    String result = EventLoop.run(() -> {
      ManualTask<String> unread = new ManualTask<>();
      unread.fail(new IOException("unobserved-test-loop-end"));
      ManualTask<String> read = new ManualTask<>();
      read.fail(new IOException("unobserved-test-loop-read"));
      read.exception();
      kept.add(unread);
      kept.add(read);
      return Task.completed("done");
    });
    assertEquals("done", result);
    assertTrue(reported.containsKey("unobserved-test-loop-end"), reported.toString());
    assertTrue(!reported.containsKey("unobserved-test-loop-read"), reported.toString());
    assertEquals(2, kept.size());
    reported.clear();
    kept.get(0).exception(); // read after its report: disarmed already, nothing more
    assertTrue(reported.isEmpty(), reported.toString());
  }

  @Test
  void theNameOfTheTaskIsInTheReport() {
    Map<String, String> names = new ConcurrentHashMap<>();
    UnobservedFailures.sink = (message, failure) -> names.put(failure.getMessage(), message);
    collect(spawnFailing());
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!names.containsKey("named") && System.nanoTime() < deadline) {
      System.gc();
      Thread.onSpinWait();
    }
    assertEquals("Task exception was never retrieved: task the-worker", names.get("named"));
  }

  private static WeakReference<Task<String>> spawnFailing() {
    try (VirtualLoop v = new VirtualLoop()) {
      Task<String> t = Tasks.spawn("the-worker", () -> Task.failed(new IOException("named")));
      v.runAll();
      return new WeakReference<>(t);
    }
  }

  @Test
  void theWatcherEndsWhenNothingIsTrackedAndWhenInterrupted() throws Exception {
    // a program's end (mvn exec:java interrupts and joins the daemon threads it started) must
    // not wait for it
    collect(dropFailed("unobserved-test-idle", false));
    waitForReport("unobserved-test-idle");
    awaitNoWatcher();
    ManualTask<String> kept = new ManualTask<>();
    kept.fail(new IOException("unobserved-test-kept")); // tracked, and kept alive here
    Thread watcher = watcher();
    assertTrue(watcher != null, "a tracked failure starts the watcher");
    watcher.interrupt();
    watcher.join(10_000);
    assertTrue(!watcher.isAlive(), "an interrupted watcher ends");
    kept.exception(); // read: nothing is tracked any more
    assertEquals(0, UnobservedFailures.armed());
  }

  private static Thread watcher() {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("await4j-unobserved-failures") && t.isAlive()) {
        return t;
      }
    }
    return null;
  }

  private static void awaitNoWatcher() throws InterruptedException {
    Thread t = watcher();
    if (t != null) {
      t.join(10_000);
      assertTrue(!t.isAlive(), "the watcher ends once nothing is tracked");
    }
  }

  /**
   * The gate that machines share on a pending CompletableFuture fails when the future does; if
   * every machine had left it (cancelled, on a stage it could not cancel), nobody reads it, and
   * the failure is the future owner's to report, not an internal class's.
   */
  @Test
  void aSharedGateThatEveryWaiterLeftIsNotReported() {
    WeakReference<org.await4j.internal.StageGate> gate = dropFailedGate("unobserved-test-gate");
    WeakReference<Task<String>> canary = dropFailed("unobserved-test-gate-canary", false);
    collect(gate);
    collect(canary);
    waitForReport("unobserved-test-gate-canary");
    assertTrue(!reported.containsKey("unobserved-test-gate"), reported.toString());
  }

  private static WeakReference<org.await4j.internal.StageGate> dropFailedGate(String message) {
    org.await4j.internal.StageGate g =
        new org.await4j.internal.StageGate(new java.util.concurrent.CompletableFuture<>());
    g.accept(null, new IOException(message));
    return new WeakReference<>(g);
  }

  private static WeakReference<Task<String>> dropFailed(String message, boolean read) {
    ManualTask<String> t = new ManualTask<>();
    t.fail(new IOException(message));
    if (read) {
      t.exception();
    }
    return new WeakReference<>(t);
  }

  private static void collect(WeakReference<?> ref) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (ref.get() != null && System.nanoTime() < deadline) {
      System.gc();
    }
    assertTrue(ref.get() == null, "the task was collected: nothing keeps it alive");
  }

  private void waitForReport(String message) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!reported.containsKey(message) && System.nanoTime() < deadline) {
      System.gc();
      Thread.onSpinWait();
    }
    assertTrue(reported.containsKey(message), "reported: " + reported.keySet());
  }
}
