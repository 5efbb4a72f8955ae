package org.await4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tasks.wait (asyncio wait): done and pending, by WaitMode, with an optional timeout. */
class WaitTest {
  private final List<String> trace = Body.trace();

  @Test
  void firstCompleted() {
    ManualTask<String> a = new ManualTask<>();
    ManualTask<String> b = new ManualTask<>();
    Task<WaitResult<String>> w = Tasks.wait(List.of(a, b), WaitMode.FIRST_COMPLETED);
    assertFalse(w.isDone());
    b.cancel(); // a cancellation counts as completed
    assertEquals(List.of(b), w.result().done());
    assertEquals(List.of(a), w.result().pending());
    assertFalse(a.isDone(), "wait never cancels");
  }

  @Test
  void firstExceptionSkipsCancellationsAndSuccesses() {
    ManualTask<String> a = new ManualTask<>();
    ManualTask<String> b = new ManualTask<>();
    ManualTask<String> c = new ManualTask<>();
    ManualTask<String> d = new ManualTask<>();
    Task<WaitResult<String>> w = Tasks.wait(List.of(a, b, c, d), WaitMode.FIRST_EXCEPTION);
    a.complete("a");
    b.cancel();
    assertFalse(w.isDone());
    c.fail(new IOException("c"));
    assertEquals(List.of(a, b, c), w.result().done());
    assertEquals(List.of(d), w.result().pending());
  }

  @Test
  void firstExceptionWithoutExceptionIsAllCompleted() {
    ManualTask<String> a = new ManualTask<>();
    Task<WaitResult<String>> w = Tasks.wait(List.of(a, Task.completed("b")),
        WaitMode.FIRST_EXCEPTION);
    assertFalse(w.isDone());
    a.complete("a");
    assertEquals(2, w.result().done().size());
  }

  @Test
  void allCompleted() {
    ManualTask<String> a = new ManualTask<>();
    ManualTask<String> b = new ManualTask<>();
    Task<WaitResult<String>> w = Tasks.wait(List.of(a, b), WaitMode.ALL_COMPLETED);
    a.fail(new IOException());
    assertFalse(w.isDone());
    b.complete("b");
    assertEquals(List.of(a, b), w.result().done());
    assertEquals(List.of(), w.result().pending());
  }

  @Test
  void aTimeoutReturnsWhatIsDoneByThen() {
    try (VirtualLoop v = new VirtualLoop()) {
      Task<Void> fast = Tasks.sleep(ms(10));
      Task<Void> slow = Tasks.sleep(ms(100));
      Task<WaitResult<Void>> w = Tasks.wait(List.of(slow, fast), WaitMode.ALL_COMPLETED, ms(50));
      WaitResult<Void> r = v.run(w);
      assertEquals(50, v.nowMillis());
      assertEquals(List.of(fast), r.done());
      assertEquals(List.of(slow), r.pending());
      assertFalse(slow.isDone(), "not cancelled");
      v.runAll();
      assertEquals(100, v.nowMillis());
    }
  }

  /**
   * The loop is held past every deadline (a long step, a collection): the bodies whose sleeps
   * were due first are woken in the same pass as the wait's timeout, and count as done, as
   * asyncio's wait reads done and pending when its body resumes (round 14's F2: done=0 before).
   */
  @Test
  void aTimeoutAfterAStallCountsTheBodiesWokenInTheSamePassAsDone() {
    try (VirtualLoop v = new VirtualLoop()) {
      Task<Object> a = Body.of("a", trace, () -> Tasks.sleep(ms(10))).start();
      Task<Object> b = Body.of("b", trace, () -> Tasks.sleep(ms(20))).start();
      Task<Object> c = Body.of("c", trace, () -> Tasks.sleep(ms(30))).start();
      Task<WaitResult<Object>> w = Tasks.wait(List.of(a, b, c), WaitMode.ALL_COMPLETED, ms(45));
      v.advance(ms(100));
      v.runUntil(w::isDone);
      assertEquals(List.of(a, b, c), w.result().done());
      assertEquals(List.of(), w.result().pending());
    }
  }

  @Test
  void finishingBeforeTheTimeoutCancelsTheTimer() {
    try (VirtualLoop v = new VirtualLoop()) {
      Task<WaitResult<Void>> w = Tasks.wait(List.of(Tasks.sleep(ms(10))),
          WaitMode.FIRST_COMPLETED, ms(1000));
      v.run(w);
      v.runAll();
      assertEquals(10, v.nowMillis(), "no timer left at 1000 ms");
    }
  }

  @Test
  void cancellingABodyWaitingInWaitLeavesTheTasksRunning() {
    try (VirtualLoop v = new VirtualLoop()) {
      ManualTask<String> a = new ManualTask<>();
      Body body = Body.of("p", trace, () -> Tasks.wait(List.of(a), WaitMode.ALL_COMPLETED));
      Task<Object> p = body.start();
      p.cancel();
      v.runUntil(p::isDone);
      assertTrue(p.isCancelled());
      assertFalse(a.isDone());
    }
  }

  @Test
  void noTasksIsAnError() {
    assertThrows(IllegalArgumentException.class,
        () -> Tasks.wait(List.<Task<String>>of(), WaitMode.ALL_COMPLETED));
  }

  static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
