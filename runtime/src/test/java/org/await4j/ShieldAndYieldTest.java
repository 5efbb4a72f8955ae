package org.await4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Tasks.shield (asyncio shield) and Tasks.yieldNow (asyncio sleep(0)). */
class ShieldAndYieldTest {
  private final List<String> trace = Body.trace();

  @Test
  void cancellingTheShieldDoesNotCancelTheTask() {
    ManualTask<String> inner = new ManualTask<>();
    Task<String> shield = Tasks.shield(inner);
    assertTrue(shield.cancel());
    assertTrue(shield.isCancelled());
    assertFalse(inner.isDone());
    inner.complete("v");
    assertEquals("v", inner.result());
  }

  @Test
  void theShieldEndsAsTheTaskDoes() {
    ManualTask<String> ok = new ManualTask<>();
    Task<String> s1 = Tasks.shield(ok);
    ok.complete("v");
    assertEquals("v", s1.result());
    ManualTask<String> bad = new ManualTask<>();
    Task<String> s2 = Tasks.shield(bad);
    IOException io = new IOException();
    bad.fail(io);
    assertSame(io, s2.exception());
    Task<String> done = Task.completed("d");
    assertSame(done, Tasks.shield(done));
  }

  @Test
  void aCancelledBodyAwaitingAShieldedCalleeLeavesTheCalleeRunning() {
    try (VirtualLoop v = new VirtualLoop()) {
      ManualTask<String> gate = new ManualTask<>();
      Body callee = Body.of("callee", trace, () -> gate);
      Body caller = Body.of("caller", trace, () -> Tasks.shield(callee.start()));
      Task<Object> t = caller.start();
      t.cancel();
      v.runUntil(t::isDone);
      assertTrue(t.isCancelled());
      assertFalse(callee.isDone());
      gate.complete("v");
      assertEquals("v", v.run(callee));
    }
  }

  @Test
  void yieldLetsWhatIsReadyRunFirst() {
    try (VirtualLoop v = new VirtualLoop()) {
      Supplier<?> yield = Tasks::yieldNow;
      Body a = Body.of("a", trace, yield, yield);
      Body b = Body.of("b", trace, yield, yield);
      a.start();
      b.start();
      v.runReady();
      assertEquals(List.of("await a 0", "await b 0", "got a null", "await a 1", "got b null",
          "await b 1", "got a null", "got b null"), trace);
    }
  }

  @Test
  void yieldOutsideABodyIsADoneTask() {
    Task<Void> y = Tasks.yieldNow();
    assertTrue(y.isDone());
    assertNull(y.join());
  }

  @Test
  void aBodyCancelledWhileYieldingThrowsAtTheYield() {
    try (VirtualLoop v = new VirtualLoop()) {
      Body a = Body.of("a", trace, Tasks::yieldNow, () -> Task.completed("never"));
      Task<Object> t = a.start();
      t.cancel();
      v.runReady();
      assertTrue(t.isCancelled());
      assertEquals(List.of("await a 0", "threw a CancellationException"), trace);
      assertTrue(Tasks.yieldNow().isDone() && !Tasks.yieldNow().isCancelled());
    }
  }

  @Test
  void yieldAllocatesNothing() {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (VirtualLoop v = new VirtualLoop()) {
      Yields warm = new Yields(20_000);
      warm.start();
      v.runReady();
      Yields y = new Yields(100_000);
      long before = mx.getCurrentThreadAllocatedBytes();
      y.start();
      v.runReady();
      long bytes = mx.getCurrentThreadAllocatedBytes() - before;
      assertTrue(y.isDone());
      assertTrue(bytes < 100_000, bytes + " bytes for 100,000 yields"); // < 1 B per yield
    }
  }

  /** {@code @Async void yields(int n) { for (int i = 0; i < n; i++) await(Tasks.yieldNow()); }} */
  static final class Yields extends org.await4j.internal.AsyncMachine<Void> {
    private final int n;
    private int i;

    Yields(int n) {
      this.n = n;
    }

    @Override
    protected void resume() {
      for (;;) {
        try {
          switch (state) {
            case 0:
              if (i == n) {
                complete(null);
                return;
              }
              if (suspend(Tasks.yieldNow(), 1)) {
                return;
              }
            case 1:
              awaited();
              i++;
              state = 0;
              continue;
            default:
              throw new IllegalStateException();
          }
        } catch (Throwable t) {
          completeExceptionally(t);
          return;
        }
      }
    }
  }
}
