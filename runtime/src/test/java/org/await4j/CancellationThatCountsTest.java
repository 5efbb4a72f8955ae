package org.await4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/**
 * asyncio's cancellation rules: a message, a count of requests, a cancel forwarded to the task
 * awaited (whose outcome then decides), and a gather that ends after its children.
 */
class CancellationThatCountsTest {
  private final List<String> trace = Body.trace();

  private static Duration ms(long n) {
    return Duration.ofMillis(n);
  }

  @Test
  void theCancellationCarriesTheMessage() {
    try (VirtualLoop v = new VirtualLoop()) {
      Body b = Body.of("b", trace, () -> Tasks.sleep(ms(100)));
      Task<Object> t = b.start();
      assertTrue(t.cancel("shutting down"));
      v.runUntil(t::isDone);
      assertEquals("shutting down", assertThrows(CancellationException.class, t::exception).getMessage());

      ManualTask<String> plain = new ManualTask<>();
      assertTrue(plain.cancel("why"));
      assertEquals("why", assertThrows(CancellationException.class, plain::exception).getMessage());
      assertFalse(plain.cancel("again"), "a done task is left alone");
    }
  }

  @Test
  void aBodyCancelledWhileRunningGetsTheMessageAtItsNextWait() {
    try (VirtualLoop v = new VirtualLoop()) {
      Task<?>[] self = new Task<?>[1];
      Body b = Body.of("b", trace, () -> {
        self[0] = Task.current();
        self[0].cancel("from inside");
        return Task.completed("done");    // does not wait: no cancel delivered here
      }, () -> new java.util.concurrent.CompletableFuture<String>()); // a stage cannot swallow it
      Task<Object> t = b.start();
      v.runUntil(t::isDone);
      assertEquals("from inside", assertThrows(CancellationException.class, t::exception).getMessage());
      assertEquals(1, t.cancelling());
    }
  }

  @Test
  void cancellingCountsRequestsAndUncancelTakesThemBack() {
    try (VirtualLoop v = new VirtualLoop()) {
      Body b = Body.of("b", trace, () -> Tasks.sleep(ms(100)), () -> Tasks.sleep(ms(100)))
          .catchCancel();
      Task<Object> t = b.start();
      assertEquals(0, t.cancelling());
      t.cancel();
      t.cancel();
      assertEquals(2, t.cancelling());
      assertEquals(1, t.uncancel());
      assertEquals(0, t.uncancel());
      assertEquals(0, t.uncancel(), "never below 0");
      v.runUntil(t::isDone);
      assertEquals(List.of("await b 0", "caught cancel b", "got b null", "await b 1",
          "got b null"), trace, "the body caught it and went on");
      assertFalse(t.isCancelled());
    }
  }

  @Test
  void aCancelForwardedToATaskThatSwallowsItGivesItsValue() {
    try (VirtualLoop v = new VirtualLoop()) {
      Body inner = Body.of("inner", trace, () -> Tasks.sleep(ms(100)), () -> Task.completed(42))
          .catchCancel();
      Task<Object> innerTask = inner.start();
      Body outer = Body.of("outer", trace, () -> innerTask);
      Task<Object> t = outer.start();
      v.pass();
      assertTrue(t.cancel());
      v.runUntil(t::isDone);
      assertFalse(t.isCancelled(), "asyncio: the awaiting task receives the value");
      assertEquals(42, t.result());
      assertTrue(trace.contains("caught cancel inner"), trace.toString());
    }
  }

  @Test
  void aCancelForwardedToATaskThatEndsCancelledCancelsTheAwaiter() {
    try (VirtualLoop v = new VirtualLoop()) {
      Body inner = Body.of("inner", trace, () -> Tasks.sleep(ms(100)))
          .cleanup(() -> Tasks.sleep(ms(5)));
      Task<Object> innerTask = inner.start();
      Body outer = Body.of("outer", trace, () -> innerTask);
      Task<Object> t = outer.start();
      assertTrue(t.cancel("stop"));
      v.runUntil(t::isDone);
      assertTrue(t.isCancelled());
      assertEquals("stop", assertThrows(CancellationException.class, t::exception).getMessage(), "the message went along");
      assertEquals(5, v.nowMillis(), "the awaiter went on after the inner cleanup");
    }
  }

  @Test
  void aCancelOfABodyWhoseAwaitedTaskIsDoneStopsTheBody() {
    try (VirtualLoop v = new VirtualLoop()) {
      ManualTask<String> m = new ManualTask<>();
      Body b = Body.of("b", trace, () -> m);
      Task<Object> t = b.start();
      m.complete("v"); // the body is scheduled, not yet run
      assertTrue(t.cancel());
      v.runUntil(t::isDone);
      assertTrue(t.isCancelled(), "the awaited task could not take the cancel: the body does");
    }
  }

  @Test
  void cancellingAGatherEndsItWhenTheFirstChildHasEndedCancelled() {
    // CPython 3.11: the gather's done callback fails it with the first child that ends cancelled
    for (boolean settled : new boolean[] {false, true}) {
      try (VirtualLoop v = new VirtualLoop()) {
        trace.clear();
        Body a = Body.of("a", trace, () -> Tasks.sleep(ms(100)))
            .cleanup(() -> Tasks.sleep(ms(5)));
        Body b = Body.of("b", trace, () -> Tasks.sleep(ms(100)))
            .cleanup(() -> Tasks.sleep(ms(7)));
        Task<Object> ta = a.start();
        Task<Object> tb = b.start();
        Body outer = Body.of("outer", trace,
            () -> settled ? Tasks.allSettled(ta, tb) : Tasks.all(ta, tb));
        Task<Object> t = outer.start();
        v.pass();
        assertTrue(t.cancel());
        v.runUntil(t::isDone);
        assertTrue(t.isCancelled());
        assertEquals(settled ? 7 : 5, v.nowMillis(),
            settled ? "after both cleanups" : "after a's cleanup, the first to end");
        assertTrue(trace.indexOf("cleanup done a") < trace.indexOf(
            "threw outer CancellationException"), trace.toString());
        v.runAll();
        assertTrue(ta.isCancelled() && tb.isCancelled());
      }
    }
  }

  @Test
  void aGatherWhoseChildrenSwallowTheCancelStillEndsCancelled() {
    try (VirtualLoop v = new VirtualLoop()) {
      Body a = Body.of("a", trace, () -> Tasks.sleep(ms(100))).catchCancel();
      Task<Object> ta = a.start();
      Task<List<Object>> all = Tasks.all(List.of(ta));
      assertTrue(all.cancel());
      assertFalse(all.isDone(), "not at once: when its children say");
      v.runUntil(all::isDone);
      assertFalse(ta.isCancelled());
      assertTrue(all.isCancelled());
    }
  }

  @Test
  void aChildCancelledOnItsOwnMakesTheGatherRaiseCancellation() {
    try (VirtualLoop v = new VirtualLoop()) {
      ManualTask<String> a = new ManualTask<>();
      ManualTask<String> b = new ManualTask<>();
      Task<List<String>> all = Tasks.all(a, b);
      a.cancel("a alone");
      assertFalse(all.isDone(), "as asyncio's: it hears of a in the next pass");
      v.pass();
      assertThrows(CancellationException.class, all::exception);
      assertFalse(b.isDone(), "the others are not cancelled (asyncio)");
    }
  }
}
