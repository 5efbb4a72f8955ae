package org.await4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** asyncio's loop rules: timers with handles, and done callbacks that wait their turn. */
class LoopRulesTest {
  private final List<String> trace = new ArrayList<>();

  @Test
  void callLaterRunsInDeadlineOrderAndZeroRunsInTheNextPass() {
    try (VirtualLoop v = new VirtualLoop()) {
      EventLoop loop = v.loop;
      long t0 = loop.time();
      loop.callLater(Duration.ofMillis(5), () -> trace.add("5ms"));
      TimerHandle zero = loop.callLater(Duration.ZERO, () -> trace.add("zero"));
      loop.callAt(t0 + Duration.ofMillis(2).toNanos(), () -> trace.add("at 2ms"));
      loop.callLater(Duration.ZERO, () -> trace.add("zero, second"));
      assertEquals(t0, zero.when());
      assertEquals(List.of(), trace, "never inline");
      v.pass();
      assertEquals(List.of("zero", "zero, second"), trace, "the next pass, in schedule order");
      v.runAll();
      assertEquals(List.of("zero", "zero, second", "at 2ms", "5ms"), trace);
      assertFalse(zero.cancel(), "it has run");
    }
  }

  @Test
  void aCancelledHandleNeverRunsAndLeavesNoTimer() {
    try (VirtualLoop v = new VirtualLoop()) {
      TimerHandle h = v.loop.callLater(Duration.ofSeconds(10), () -> trace.add("ran"));
      assertTrue(h.cancel());
      assertTrue(h.isCancelled());
      assertFalse(h.cancel());
      v.pass();
      assertEquals(Long.MAX_VALUE, v.loop.nextTimerDeadline());
      assertFalse(v.loop.hasWork());
      assertEquals(List.of(), trace);
    }
  }

  @Test
  void doneCallbacksAreScheduledNeverRunInline() {
    try (VirtualLoop v = new VirtualLoop()) {
      ManualTask<String> t = new ManualTask<>();
      t.addDoneCallback(x -> trace.add("first " + x.result()));
      t.addDoneCallback(x -> trace.add("second"));
      t.complete("v");
      assertEquals(List.of(), trace, "not inline at completion");
      v.pass();
      assertEquals(List.of("first v", "second"), trace, "in the order added");
      t.addDoneCallback(x -> trace.add("added when done"));
      assertEquals(2, trace.size(), "added to a done task: scheduled, not run at once");
      v.pass();
      assertEquals("added when done", trace.get(2));
    }
  }

  @Test
  void removeDoneCallbackRemovesEveryRegistration() {
    try (VirtualLoop v = new VirtualLoop()) {
      ManualTask<String> t = new ManualTask<>();
      Consumer<Task<String>> cb = x -> trace.add("cb");
      t.addDoneCallback(cb);
      t.addDoneCallback(x -> trace.add("other"));
      t.addDoneCallback(cb);
      assertEquals(2, t.removeDoneCallback(cb));
      assertEquals(0, t.removeDoneCallback(cb));
      t.complete("v");
      v.runReady();
      assertEquals(List.of("other"), trace);
      assertEquals(0, t.listenerCount());
    }
  }
}
