package org.await4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** Timers on a manual clock: deadline order, FIFO ties, cancellation; one real sleep. */
class TimerTest {
  private final ManualTicker ticker = new ManualTicker();
  private final EventLoop loop = ticker.loopOnThisThread();
  private final List<String> fired = new ArrayList<>();

  private Task<Void> timer(String name, long millis) {
    Task<Void> t = loop.schedule(Duration.ofMillis(millis));
    t.addListener(done -> fired.add(name + (done.isCancelled() ? " cancelled" : "")));
    return t;
  }

  private void advanceAndRun(long millis) {
    ticker.advance(Duration.ofMillis(millis));
    loop.runOnce(false);
  }

  @Test
  void timersFireInDeadlineOrderAndNotBefore() {
    Task<Void> late = timer("30ms", 30);
    timer("10ms", 10);
    timer("20ms", 20);
    loop.runOnce(false); // takes the timers in
    assertEquals(List.of(), fired);

    advanceAndRun(9);
    assertEquals(List.of(), fired);
    advanceAndRun(1);
    assertEquals(List.of("10ms"), fired);
    advanceAndRun(9);
    assertEquals(List.of("10ms"), fired);
    advanceAndRun(1);
    assertEquals(List.of("10ms", "20ms"), fired);
    assertFalse(late.isDone());
    advanceAndRun(10);
    assertEquals(List.of("10ms", "20ms", "30ms"), fired);
    assertTrue(late.isDone());
    assertNull(late.result());
    assertFalse(loop.hasWork());
  }

  @Test
  void timersWithTheSameDeadlineFireInScheduleOrder() {
    for (int i = 0; i < 10; i++) {
      timer("t" + i, 5);
    }
    loop.runOnce(false);
    advanceAndRun(5);
    assertEquals(List.of("t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9"), fired);
  }

  @Test
  void theDeadlineCountsFromTheScheduleCall() {
    timer("a: 20ms at t=0", 20);
    ticker.advance(Duration.ofMillis(15)); // e.g. a long pass before the loop takes the timer in
    timer("b: 10ms at t=15", 10);
    loop.runOnce(false);
    advanceAndRun(5); // t=20
    assertEquals(List.of("a: 20ms at t=0"), fired);
    advanceAndRun(5); // t=25
    assertEquals(List.of("a: 20ms at t=0", "b: 10ms at t=15"), fired);
  }

  @Test
  void aZeroOrNegativeDelayFiresOnTheNextPass() {
    timer("zero", 0);
    timer("negative", -5);
    loop.runOnce(false); // takes them in
    assertEquals(List.of(), fired);
    loop.runOnce(false); // no time passed: they are due at once
    assertEquals(List.of("zero", "negative"), fired);
  }

  @Test
  void aCancelledTimerNeverFires() {
    Task<Void> cancelled = timer("cancelled", 10);
    timer("kept", 10);
    loop.runOnce(false);

    assertTrue(cancelled.cancel());
    assertTrue(cancelled.isCancelled());
    assertThrows(CancellationException.class, cancelled::result);
    assertEquals(List.of("cancelled cancelled"), fired);

    advanceAndRun(100);
    assertEquals(List.of("cancelled cancelled", "kept"), fired);
    assertTrue(cancelled.isCancelled());
    assertFalse(cancelled.cancel(), "a done task cannot be cancelled again");
    assertFalse(loop.hasWork());
  }

  @Test
  void aTimerCancelledBeforeTheLoopTakesItInNeverFires() {
    Task<Void> t = timer("t", 10);
    t.cancel();
    loop.runOnce(false);
    assertFalse(loop.hasWork(), "the cancelled timer must not stay queued");
    advanceAndRun(100);
    assertEquals(List.of("t cancelled"), fired);
  }

  @Test
  void cancelledTimersLeaveTheHeapOnceTheyAreHalfOfItWithoutAScanPerCancel() {
    List<Task<Void>> ts = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      ts.add(timer("t" + i, 10 + i));
    }
    loop.runOnce(false); // takes them in
    for (int i = 999; i >= 501; i--) {
      ts.get(i).cancel(); // not the first: they stay for now
    }
    loop.runOnce(false); // the loop takes note (at once when the test runs on its thread)
    assertEquals(1000, loop.heldTimers());
    ts.get(500).cancel(); // the 500th cancelled one, not more than half yet
    loop.runOnce(false);
    assertEquals(1000, loop.heldTimers());
    ts.get(499).cancel(); // now more than half: they all go in one pass
    loop.runOnce(false);
    assertEquals(499, loop.heldTimers());
    ts.get(0).cancel(); // the first: it goes at once, and the next deadline is the live one's
    loop.runOnce(false);
    assertEquals(498, loop.heldTimers());
    advanceAndRun(10);
    assertEquals(List.of(), fired.stream().filter(f -> !f.endsWith("cancelled")).toList());
    advanceAndRun(1);
    assertEquals(List.of("t1"), fired.stream().filter(f -> !f.endsWith("cancelled")).toList());
    for (int i = 2; i < 499; i++) {
      ts.get(i).cancel();
    }
    loop.runOnce(false);
    assertEquals(0, loop.heldTimers(), "all cancelled: none kept until its deadline");
    assertEquals(Long.MAX_VALUE, loop.nextTimerDeadline());
    assertFalse(loop.hasWork());
  }

  @Test
  void theFirstTimerIsNeverACancelledOne() {
    Task<Void> a = timer("a", 10);
    Task<Void> b = timer("b", 20);
    Task<Void> c = timer("c", 30);
    loop.runOnce(false);
    b.cancel(); // in the middle: kept for now
    a.cancel(); // the first: it goes, and so does b behind it
    loop.runOnce(false);
    assertEquals(1, loop.heldTimers());
    ticker.advance(Duration.ofMillis(1));
    assertEquals(ticker.nanoTime() - 1_000_000 + 30_000_000, loop.nextTimerDeadline());
    advanceAndRun(29);
    assertEquals(List.of("b cancelled", "a cancelled", "c"), fired);
    assertTrue(c.isDone() && !c.isCancelled());
  }

  @Test
  void aTimerCancelledFromAnotherThreadLeavesOnTheLoopsNextPass() throws Exception {
    Task<Void> a = timer("a", 10);
    timer("b", 20);
    loop.runOnce(false);
    Thread other = new Thread(a::cancel);
    other.start();
    other.join();
    assertEquals(2, loop.heldTimers());
    loop.runOnce(false); // runs the note the other thread left
    assertEquals(1, loop.heldTimers());
    advanceAndRun(20);
    assertEquals(List.of("a cancelled", "b"), fired);
    assertFalse(loop.hasWork());
  }

  @Test
  void aCancelledSleepKeepsWhereItWasCancelled() {
    Task<Void> t = timer("t", 10);
    loop.runOnce(false);
    t.cancel(); // a user's cancel: its exception tells where, unlike a Timeout's own timer
    CancellationException e = assertThrows(CancellationException.class, t::result);
    assertTrue(e.getStackTrace().length > 0);
  }

  @Test
  void sleepInRealTimeTakesAtLeastItsDelay() {
    long start = System.nanoTime();
    Void v = EventLoop.run(() -> EventLoop.sleep(Duration.ofMillis(20)));
    long elapsed = System.nanoTime() - start;
    assertNull(v);
    assertTrue(elapsed >= Duration.ofMillis(20).toNanos(), "elapsed " + elapsed + "ns");
  }
}
