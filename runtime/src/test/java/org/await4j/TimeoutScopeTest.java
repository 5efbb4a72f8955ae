package org.await4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.await4j.internal.AsyncMachine;
import org.junit.jupiter.api.Test;

/** Timeout.after (asyncio.timeout): a deadline over a block, in a machine and in blocking code. */
class TimeoutScopeTest {
  private final List<String> trace = Body.trace();

  /**
   * <pre>{@code
   * @Async Object scoped(Duration limit, List<Supplier<?>> steps) throws TimeoutException {
   *   try (Timeout t = Timeout.after(limit)) {
   *     Object last = null;
   *     for (Supplier<?> s : steps) last = await(s.get());
   *     return last;
   *   } finally {
   *     trace("finally");
   *   }
   * }}</pre>
   *
   * <p>with the try-with-resources lowered as the processor does: closed, then {@link
   * Timeout#bodyEnded} decides the exception.
   */
  static final class Scoped extends AsyncMachine<Object> {
    private final Duration limit;
    private final List<Supplier<?>> steps;
    private final List<String> trace;
    Timeout timeout;
    private int i;
    private Object last;

    Scoped(Duration limit, List<String> trace, Supplier<?>... steps) {
      this.limit = limit;
      this.trace = trace;
      this.steps = List.of(steps);
    }

    @Override
    protected void resume() {
      for (;;) {
        try {
          switch (state) {
            case 0:
              timeout = limit == null ? Timeout.withoutDeadline() : Timeout.after(limit);
              state = 1;
            case 1:
              if (i == steps.size()) {
                timeout.close();
                Throwable replaced = timeout.bodyEnded(null);
                trace.add("finally");
                if (replaced != null) {
                  completeExceptionally(replaced);
                } else {
                  complete(last);
                }
                return;
              }
              if (suspend((Task<?>) steps.get(i).get(), 2)) {
                return;
              }
            case 2:
              last = awaited();
              trace.add("got " + last);
              i++;
              state = 1;
              continue;
            default:
              throw new IllegalStateException();
          }
        } catch (Throwable t) {
          trace.add("threw " + t.getClass().getSimpleName());
          if (timeout != null) {
            try {
              timeout.close();
            } catch (Throwable closeFailure) {
              t.addSuppressed(closeFailure);
            }
            t = timeout.bodyEnded(t); // as the processor's try-with-resources calls it
          }
          trace.add("finally");
          if (t != null) {
            completeExceptionally(t);
          } else {
            complete(last);
          }
          return;
        }
      }
    }
  }

  @Test
  void theDeadlineCancelsTheBodyAndTheScopeConvertsAtItsExit() {
    try (VirtualLoop v = new VirtualLoop()) {
      Body callee = Body.of("callee", trace, () -> Tasks.sleep(ms(100)))
          .cleanup(() -> Tasks.sleep(ms(5)));
      Scoped s = new Scoped(ms(50), trace, () -> Task.completed("first"), callee::start);
      Task<Object> t = s.start();
      v.runUntil(t::isDone);
      assertInstanceOf(TimeoutException.class, t.exception());
      assertTrue(callee.isCancelled(), "the callee saw a CancellationException");
      assertEquals(55, v.nowMillis(), "the body went on after the callee's cleanup");
      assertTrue(s.timeout.expired());
      assertEquals(List.of("got first", "await callee 0", "threw callee CancellationException",
          "cleanup callee", "cleanup done callee", "threw CancellationException", "finally"), trace,
          "the block sees a cancellation (asyncio); the scope's end makes it a timeout");
      assertInstanceOf(CancellationException.class, t.exception().getCause());
      assertEquals(0, t.cancelling(), "the scope took its own request back");
    }
  }

  @Test
  void scopesThatCloseInTimeLeaveNoTimersBehind() {
    try (VirtualLoop v = new VirtualLoop()) {
      int n = 1000;
      List<CompletableFuture<String>> gates = new java.util.ArrayList<>();
      List<Task<Object>> bodies = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        CompletableFuture<String> gate = new CompletableFuture<>();
        gates.add(gate);
        bodies.add(new Scoped(ms(10_000 + i), new java.util.ArrayList<>(), () -> Task.from(gate)).start());
      }
      v.pass();
      assertEquals(n, v.loop.heldTimers());
      for (int i = n - 1; i >= 0; i--) { // the last deadline first: none of them is the first timer
        gates.get(i).complete("v" + i);
        v.runReady();
        int live = i;
        assertTrue(v.loop.heldTimers() <= 2 * live + 1,
            v.loop.heldTimers() + " timers held for " + live + " open scopes");
      }
      assertEquals(0, v.loop.heldTimers());
      assertEquals(Long.MAX_VALUE, v.loop.nextTimerDeadline());
      for (Task<Object> b : bodies) {
        assertTrue(b.isDone() && !b.isFailed());
      }
      assertEquals(0, v.nowMillis(), "no deadline was waited for");
    }
  }

  @Test
  void aBlockThatEndsInTimeIsNotTouchedLater() {
    try (VirtualLoop v = new VirtualLoop()) {
      Body after = Body.of("after", trace, () -> Tasks.sleep(ms(100)));
      Scoped s = new Scoped(ms(50), trace, () -> Tasks.sleep(ms(10)));
      Task<Object> scoped = s.start();
      v.runUntil(scoped::isDone);
      Task<Object> t = after.start(); // a later await of the same thread is not limited
      v.runAll();
      assertEquals(110, v.nowMillis());
      assertTrue(t.isDone() && !t.isFailed());
      assertFalse(s.timeout.expired());
    }
  }

  @Test
  void aScopeWithoutDeadlineNeverFiresUntilRescheduled() {
    try (VirtualLoop v = new VirtualLoop()) {
      Scoped[] s = new Scoped[1];
      s[0] = new Scoped(null, trace, () -> {
        assertTrue(s[0].timeout.when().isEmpty());
        return Tasks.sleep(ms(1000));
      }, () -> {
        s[0].timeout.reschedule(Duration.ZERO); // fires at the next wait
        assertEquals(v.loop.time(), s[0].timeout.when().getAsLong());
        return Tasks.sleep(ms(1000));
      });
      Task<Object> t = s[0].start();
      v.runUntil(t::isDone);
      assertInstanceOf(TimeoutException.class, t.exception());
      assertEquals(1000, v.nowMillis());
    }
  }

  @Test
  void inBlockingCodeAScopeWithoutDeadlineFiresOnceRescheduled() throws Exception {
    try (Timeout t = Timeout.withoutDeadline()) {
      assertEquals(null, Tasks.sleep(ms(5)).join());
      assertFalse(t.expired());
      t.reschedule(Duration.ZERO);
      assertThrows(TimeoutException.class, () -> Tasks.sleep(ms(60_000)).join());
      assertTrue(t.expired());
    }
  }

  @Test
  void rescheduleToNullDropsTheDeadline() {
    try (VirtualLoop v = new VirtualLoop()) {
      Scoped[] s = new Scoped[1];
      s[0] = new Scoped(ms(50), trace, () -> {
        assertEquals(v.loop.time() + ms(50).toNanos(), s[0].timeout.when().getAsLong());
        s[0].timeout.reschedule(null);
        assertTrue(s[0].timeout.when().isEmpty());
        return Tasks.sleep(ms(100));
      });
      Task<Object> t = s[0].start();
      v.runUntil(t::isDone);
      assertFalse(t.isFailed());
      assertFalse(s[0].timeout.expired());
      assertEquals(100, v.nowMillis());
    }
  }

  @Test
  void anOuterCancelIsNotConvertedEvenAtTheSamePassAsTheDeadline() {
    for (boolean cancelFirst : new boolean[] {true, false}) {
      try (VirtualLoop v = new VirtualLoop()) {
        ManualTask<String> never = new ManualTask<>();
        Scoped s = new Scoped(ms(50), trace, () -> never);
        Task<Object> t;
        if (cancelFirst) {
          v.loop.schedule(ms(50)).addListener(x -> ((Task<?>) tRef[0]).cancel());
          t = s.start();
        } else {
          t = s.start();
          v.loop.schedule(ms(50)).addListener(x -> ((Task<?>) tRef[0]).cancel());
        }
        tRef[0] = t;
        v.advance(ms(50));
        v.runUntil(t::isDone);
        if (cancelFirst) {
          assertThrows(CancellationException.class, t::exception);
        } else {
          // the deadline came first, and the cancel arrived before the body saw it: cancel wins
          assertThrows(CancellationException.class, t::exception, "cancel wins");
        }
        assertTrue(t.isCancelled());
      }
    }
  }

  private final Object[] tRef = new Object[1];

  @Test
  void completionInTheSamePassAsTheDeadline() {
    for (boolean completionFirst : new boolean[] {true, false}) {
      try (VirtualLoop v = new VirtualLoop()) {
        ManualTask<String> task = new ManualTask<>();
        Scoped s = new Scoped(ms(50), trace, () -> task);
        Task<Object> t;
        if (completionFirst) {
          v.loop.schedule(ms(50)).addListener(x -> task.complete("v"));
          t = s.start();
        } else {
          t = s.start();
          v.loop.schedule(ms(50)).addListener(x -> task.complete("v"));
        }
        v.advance(ms(50));
        v.runUntil(t::isDone);
        if (completionFirst) {
          // the value arrived and the body was queued; the deadline then interrupted it before
          // it ran: as in asyncio, the pending cancellation is delivered at the resumption
          assertInstanceOf(TimeoutException.class, t.exception());
          assertEquals("v", task.result());
        } else {
          assertInstanceOf(TimeoutException.class, t.exception());
          assertTrue(task.isCancelled());
        }
      }
    }
  }

  @Test
  void nestedScopesTheInnerDeadlineFirst() {
    try (VirtualLoop v = new VirtualLoop()) {
      ManualTask<String> never = new ManualTask<>();
      Scoped inner = new Scoped(ms(20), trace, () -> never);
      Body outer = Body.of("outer", trace, () -> Task.completed("x"));
      // the outer scope is the one of an enclosing Scoped whose step runs the inner block
      Scoped enclosing = new Scoped(ms(50), trace, inner::start);
      Task<Object> t = enclosing.start();
      v.runUntil(t::isDone);
      assertEquals(20, v.nowMillis());
      assertInstanceOf(TimeoutException.class, inner.exception());
      assertFalse(enclosing.timeout.expired());
      assertInstanceOf(TimeoutException.class, t.exception(), "the inner one's, rethrown");
      assertSame(inner.exception(), t.exception());
      assertFalse(outer.isDone());
    }
  }

  @Test
  void theOuterDeadlineReachesAnInnerScopeAsACancellation() {
    try (VirtualLoop v = new VirtualLoop()) {
      ManualTask<String> never = new ManualTask<>();
      Scoped inner = new Scoped(ms(100), trace, () -> never);
      Scoped enclosing = new Scoped(ms(20), trace, inner::start);
      Task<Object> t = enclosing.start();
      v.runUntil(t::isDone);
      assertThrows(CancellationException.class, inner::exception, "not its own deadline");
      assertFalse(inner.timeout.expired());
      assertInstanceOf(TimeoutException.class, t.exception());
    }
  }

  @Test
  void reschedule() {
    try (VirtualLoop v = new VirtualLoop()) {
      ManualTask<String> never = new ManualTask<>();
      Scoped s = new Scoped(ms(20), trace, () -> never);
      Task<Object> t = s.start();
      v.advance(ms(10));
      s.timeout.reschedule(ms(100));
      v.runUntil(t::isDone);
      assertEquals(110, v.nowMillis());
      assertInstanceOf(TimeoutException.class, t.exception());
      assertThrows(IllegalStateException.class, () -> s.timeout.reschedule(ms(1)));
    }
  }

  @Test
  void onALoopOutsideABodyItIsRefused() {
    try (VirtualLoop v = new VirtualLoop()) {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> Timeout.after(ms(1)));
      assertTrue(e.getMessage().contains("@Async"), e.getMessage());
    }
  }

  @Test
  void inBlockingCodeItBoundsTheAwaits() throws Exception {
    CompletableFuture<String> never = new CompletableFuture<>();
    long start = System.nanoTime();
    Timeout t = Timeout.after(ms(30));
    try {
      assertEquals("now", Await.await(Task.completed("now")));
      TimeoutException e = assertThrows(TimeoutException.class, () -> Await.await(never));
      assertTrue(System.nanoTime() - start >= ms(30).toNanos());
      assertTrue(never.isCancelled(), "the awaited stage was cancelled");
      assertTrue(t.expired());
      assertTrue(e.getMessage().contains("30 ms"));
    } finally {
      t.close();
    }
    CompletableFuture<String> later = new CompletableFuture<>();
    Threads.start("completer", () -> later.complete("later"));
    assertEquals("later", Await.await(later), "closed: no longer bounded");
  }

  @Test
  void inBlockingCodeNestedScopesAndCloseOutOfOrder() throws Exception {
    CompletableFuture<String> never = new CompletableFuture<>();
    try (Timeout outer = Timeout.after(ms(20))) {
      try (Timeout inner = Timeout.after(ms(10_000))) {
        assertThrows(TimeoutException.class, () -> Await.await(never));
        assertFalse(inner.expired());
        assertTrue(outer.expired());
      }
    }
    assertTrue(BlockingScope.innermost() == null, "every scope closed");
  }

  static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
