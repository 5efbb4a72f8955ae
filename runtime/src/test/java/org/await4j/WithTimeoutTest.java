package org.await4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Tasks.withTimeout / TasksAsync.withTimeout (asyncio wait_for). */
class WithTimeoutTest {
  private final List<String> trace = Body.trace();

  @Test
  void aTaskThatEndsInTimeGivesItsOutcome() {
    try (VirtualLoop v = new VirtualLoop()) {
      Body body = Body.of("b", trace, () -> Tasks.sleep(ms(10)), () -> Task.completed("v"));
      Task<Object> t = TasksAsync.withTimeout(body.start(), ms(50));
      assertEquals("v", v.run(t));
      v.runAll();
      assertEquals(10, v.nowMillis(), "the deadline's timer was cancelled");
      IOException io = new IOException();
      ManualTask<String> failing = new ManualTask<>();
      Task<String> f = TasksAsync.withTimeout(failing, ms(50));
      failing.fail(io);
      assertSame(io, f.exception());
    }
  }

  @Test
  void theTimeoutCancelsTheTaskWaitsForItsCleanupThenFails() {
    try (VirtualLoop v = new VirtualLoop()) {
      Body body = Body.of("b", trace, () -> Tasks.sleep(ms(100)))
          .cleanup(() -> Tasks.sleep(ms(5)));
      Task<Object> t = TasksAsync.withTimeout(body.start(), ms(50));
      v.runUntil(t::isDone);
      assertEquals(55, v.nowMillis(), "after the cleanup, which awaits");
      TimeoutException e = assertInstanceOf(TimeoutException.class, t.exception());
      assertInstanceOf(CancellationException.class, e.getCause());
      assertTrue(body.isCancelled());
      assertEquals(List.of("await b 0", "threw b CancellationException", "cleanup b",
          "cleanup done b"), trace);
    }
  }

  @Test
  void aTaskThatSwallowsTheCancellationGivesItsValue() {
    try (VirtualLoop v = new VirtualLoop()) {
      Body body = Body.of("b", trace, () -> Tasks.sleep(ms(100)), () -> Task.completed("late"))
          .catchCancel();
      Task<Object> t = TasksAsync.withTimeout(body.start(), ms(50));
      assertEquals("late", v.run(t));
    }
  }

  @Test
  void completionInTheSamePassAsTheDeadlineBeforeIt() {
    try (VirtualLoop v = new VirtualLoop()) {
      ManualTask<String> task = new ManualTask<>();
      v.loop.schedule(ms(50)).addListener(x -> task.complete("in time")); // timer scheduled first
      Task<String> t = TasksAsync.withTimeout(task, ms(50));
      v.pass(); // takes both timers in
      v.advance(ms(50)); // one pass: both timers are due; the completion's runs first
      assertEquals("in time", t.result());
    }
  }

  @Test
  void completionInTheSamePassAsTheDeadlineAfterIt() {
    try (VirtualLoop v = new VirtualLoop()) {
      ManualTask<String> task = new ManualTask<>();
      Task<String> t = TasksAsync.withTimeout(task, ms(50)); // the deadline's timer first
      v.loop.schedule(ms(50)).addListener(x -> task.complete("too late"));
      v.pass();
      v.advance(ms(50));
      assertInstanceOf(TimeoutException.class, t.exception());
      assertTrue(task.isCancelled(), "the completion found it cancelled already");
    }
  }

  @Test
  void cancellingItCancelsTheTaskAndIsNoTimeout() {
    try (VirtualLoop v = new VirtualLoop()) {
      Body body = Body.of("b", trace, () -> Tasks.sleep(ms(100)));
      Task<Object> t = TasksAsync.withTimeout(body.start(), ms(50));
      assertTrue(t.cancel());
      v.runUntil(t::isDone);
      assertTrue(t.isCancelled());
      assertTrue(body.isCancelled());
      assertEquals(0, v.nowMillis());
    }
  }

  @Test
  void aBodyAwaitingItThatIsCancelledCancelsTheTaskToo() {
    try (VirtualLoop v = new VirtualLoop()) {
      ManualTask<String> inner = new ManualTask<>();
      Body body = Body.of("p", trace, () -> TasksAsync.withTimeout(inner, ms(50)));
      Task<Object> p = body.start();
      p.cancel();
      v.runUntil(p::isDone);
      assertTrue(p.isCancelled());
      assertTrue(inner.isCancelled());
    }
  }

  @Test
  void blockingCallFromAPlainThread() throws Exception {
    CompletableFuture<String> never = new CompletableFuture<>();
    long start = System.nanoTime();
    assertThrows(TimeoutException.class, () -> Tasks.withTimeout(Task.from(never), ms(20)));
    assertTrue(System.nanoTime() - start >= ms(20).toNanos());
    // the task is cancelled first, its future right after, on the default loop's thread
    assertThrows(CancellationException.class, never::join, "its future is cancelled too");
    assertEquals("v", Tasks.withTimeout(Task.completed("v"), ms(20)));
  }

  static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
