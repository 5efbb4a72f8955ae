package org.await4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * EventLoop.run ends as asyncio.run does: the tasks still pending when the main task ends are
 * cancelled, and their finally blocks run (and may await) before run returns.
 */
class CleanEndTest {
  private final List<String> trace = Body.trace();

  @Test
  void aLeftoverTaskAsleepInTryFinallyRunsItsFinally() {
    Task<?>[] left = new Task<?>[2];
    String result = EventLoop.run(() -> {
      left[0] = Body.of("sleeper", trace, () -> Tasks.sleep(Duration.ofHours(1)))
          .cleanup(() -> Tasks.sleep(Duration.ofMillis(1))).start();
      // a body awaiting another body asleep: the outer one is cancelled, the cancel goes down
      Task<Object> inner = Body.of("inner", trace, () -> Tasks.sleep(Duration.ofHours(1)))
          .cleanup(() -> Task.completed(null)).start();
      left[1] = Body.of("outer", trace, () -> inner).start();
      return Task.completed("main done");
    });
    assertEquals("main done", result);
    assertTrue(left[0].isCancelled() && left[1].isCancelled());
    assertTrue(trace.contains("cleanup done sleeper"), trace.toString());
    assertTrue(trace.contains("cleanup done inner"), trace.toString());
  }

  @Test
  void aLeftoverWhoseFinallyThrowsIsReportedAsAsyncioRunReportsIt() {
    java.util.Map<String, Throwable> reported = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.function.BiConsumer<String, Throwable> saved = UnobservedFailures.sink;
    UnobservedFailures.sink = (message, failure) -> {
      if ("flush failed".equals(failure.getMessage())) {
        reported.put(message, failure);
      }
    };
    try {
      Task<?>[] left = new Task<?>[1];
      EventLoop.run(() -> {
        left[0] = Tasks.spawn(() -> Body.of("flusher", trace,
            () -> Tasks.sleep(Duration.ofHours(1)))
            .cleanup(() -> Task.failed(new IllegalStateException("flush failed"))).start());
        return Body.of("main", trace, () -> Tasks.sleep(Duration.ofMillis(1))).start();
      });
      assertTrue(trace.contains("cleanup threw flusher IllegalStateException"), trace.toString());
      assertEquals(java.util.Set.of("Unhandled exception during EventLoop.run shutdown: task "
          + left[0].name()), reported.keySet());
    } finally {
      UnobservedFailures.sink = saved;
    }
  }

  @Test
  void spawnedTasksStillPendingAreCancelledAndOnesNotStartedNeverRun() {
    Task<?>[] spawned = new Task<?>[2];
    EventLoop.run(() -> {
      spawned[0] = Tasks.spawn(() -> Body.of("spawned", trace,
          () -> Tasks.sleep(Duration.ofHours(1))).cleanup(() -> Task.completed(null)).start());
      return Body.of("main", trace, () -> Tasks.sleep(Duration.ofMillis(1)), () -> {
        spawned[1] = Tasks.spawn(() -> {
          trace.add("never runs");
          return Task.completed(null);
        });
        return Task.completed(null);
      }).start();
    });
    assertTrue(spawned[0].isCancelled() && spawned[1].isCancelled());
    assertTrue(trace.contains("cleanup done spawned"), trace.toString());
    assertTrue(!trace.contains("never runs"), trace.toString());
  }
}
