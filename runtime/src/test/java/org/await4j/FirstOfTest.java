package org.await4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tasks.any (first success) and Tasks.race (first outcome); the losers are cancelled. */
class FirstOfTest {
  private final List<String> trace = Body.trace();

  @Test
  void anyGivesTheFirstSuccessAndCancelsTheOthers() {
    ManualTask<String> a = new ManualTask<>();
    ManualTask<String> b = new ManualTask<>();
    ManualTask<String> c = new ManualTask<>();
    Task<String> any = Tasks.any(a, b, c);
    a.fail(new IOException("a failed"));
    assertFalse(any.isDone(), "a failure does not decide any");
    c.complete("c");
    assertEquals("c", any.result());
    assertTrue(b.isCancelled());
    assertFalse(a.isCancelled());
  }

  @Test
  void anyFailsWhenAllFailWithTheFirstInArgumentOrderAndTheOthersSuppressed() {
    ManualTask<String> a = new ManualTask<>();
    ManualTask<String> b = new ManualTask<>();
    ManualTask<String> c = new ManualTask<>();
    Task<String> any = Tasks.any(List.of(a, b, c));
    IOException ea = new IOException("a");
    IllegalStateException ec = new IllegalStateException("c");
    c.fail(ec);
    b.cancel();
    a.fail(ea);
    assertSame(ea, any.exception());
    assertArrayEquals(new Throwable[] {ec}, ea.getSuppressed(), "cancellations are not listed");
  }

  @Test
  void anyOfTasksThatAllFailWithTheSameExceptionDoesNotSuppressItInItself() {
    IOException same = new IOException("same");
    Task<String> any = Tasks.any(Task.failed(same), Task.failed(same));
    assertSame(same, any.exception());
    assertEquals(0, same.getSuppressed().length);
  }

  @Test
  void anyOfCancelledTasksIsCancelled() {
    ManualTask<String> a = new ManualTask<>();
    Task<String> any = Tasks.any(a);
    a.cancel();
    assertTrue(any.isCancelled());
  }

  @Test
  void raceGivesTheFirstOutcomeEvenAFailure() {
    ManualTask<String> a = new ManualTask<>();
    ManualTask<String> b = new ManualTask<>();
    Task<String> race = Tasks.race(a, b);
    IOException io = new IOException("first");
    b.fail(io);
    assertSame(io, race.exception());
    assertTrue(a.isCancelled());
  }

  @Test
  void raceOfADoneTaskIsDecidedAtOnce() {
    ManualTask<String> slow = new ManualTask<>();
    Task<String> race = Tasks.race(slow, Task.completed("now"));
    assertEquals("now", race.result());
    assertTrue(slow.isCancelled());
  }

  @Test
  void noTasksIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> Tasks.any());
    assertThrows(IllegalArgumentException.class, () -> Tasks.race(List.<Task<String>>of()));
  }

  @Test
  void raceOfSleepsOnVirtualTime() {
    try (VirtualLoop v = new VirtualLoop()) {
      Body fast = Body.of("fast", trace, () -> Tasks.sleep(ms(10)), () -> Task.completed("fast"));
      Body slow = Body.of("slow", trace, () -> Tasks.sleep(ms(20)), () -> Task.completed("slow"))
          .cleanup(() -> Tasks.sleep(ms(5)));
      Task<Object> race = Tasks.race(fast.start(), slow.start());
      assertEquals("fast", v.run(race));
      assertEquals(10, v.nowMillis());
      v.runAll();
      assertTrue(slow.isCancelled());
      assertEquals(15, v.nowMillis(), "the loser's cleanup ran, and its sleep was cancelled");
    }
  }

  @Test
  void cancellingABodyWaitingInAnyOrRaceCancelsEveryTask() {
    for (boolean race : new boolean[] {false, true}) {
      try (VirtualLoop v = new VirtualLoop()) {
        ManualTask<String> a = new ManualTask<>();
        ManualTask<String> b = new ManualTask<>();
        Body body = Body.of("p", trace, () -> race ? Tasks.race(a, b) : Tasks.any(a, b));
        Task<Object> p = body.start();
        p.cancel();
        v.runUntil(p::isDone);
        assertTrue(p.isCancelled());
        assertTrue(a.isCancelled());
        assertTrue(b.isCancelled());
      }
    }
  }

  @Test
  void anyOverThousandsOfTasks() {
    try (VirtualLoop v = new VirtualLoop()) {
      List<Task<Void>> sleeps = new java.util.ArrayList<>();
      for (int i = 0; i < 5_000; i++) {
        sleeps.add(Tasks.sleep(ms(5_000 - i)));
      }
      v.run(Tasks.any(sleeps));
      assertEquals(1, v.nowMillis());
      assertTrue(sleeps.subList(0, 4_999).stream().allMatch(Task::isCancelled));
      v.runAll();
      assertEquals(1, v.nowMillis(), "cancelled timers do not fire");
    }
  }

  static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
