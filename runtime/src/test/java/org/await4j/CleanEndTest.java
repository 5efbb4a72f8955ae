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
