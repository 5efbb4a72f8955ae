package org.await4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The state table of {@link Task}, its listeners, and racing completions. */
class TaskTest {
  // ---- the state table of Task's Javadoc ----

  @Test
  void pending() {
    ManualTask<String> t = new ManualTask<>();
    assertFalse(t.isDone());
    assertFalse(t.isCancelled());
    assertFalse(t.isFailed());
    assertThrows(IllegalStateException.class, t::result);
    assertThrows(IllegalStateException.class, t::exception);
  }

  @Test
  void succeeded() {
    Task<String> t = Task.completed("v");
    assertTrue(t.isDone());
    assertFalse(t.isCancelled());
    assertFalse(t.isFailed());
    assertEquals("v", t.result());
    assertNull(t.exception());
  }

  @Test
  void succeededWithNull() {
    Task<String> t = Task.completed(null);
    assertTrue(t.isDone());
    assertNull(t.result());
    assertNull(t.exception());
  }

  @Test
  void failed() {
    IOException io = new IOException("io");
    Task<String> t = Task.failed(io);
    assertTrue(t.isDone());
    assertFalse(t.isCancelled());
    assertTrue(t.isFailed());
    assertSame(io, assertThrows(IOException.class, t::result));
    assertSame(io, assertThrows(IOException.class, t::result), "rethrows the same object again");
    assertSame(io, t.exception());
  }

  @Test
  void cancelled() {
    ManualTask<String> t = new ManualTask<>();
    assertTrue(t.cancel());
    assertTrue(t.isDone());
    assertTrue(t.isCancelled());
    assertTrue(t.isFailed());
    assertThrows(CancellationException.class, t::result);
    assertThrows(CancellationException.class, t::exception);
    assertFalse(t.cancel(), "already done");
  }

  @Test
  void aDoneTaskIgnoresCancelAndLaterOutcomes() {
    ManualTask<String> t = new ManualTask<>();
    assertTrue(t.complete("first"));
    assertFalse(t.cancel());
    assertFalse(t.complete("second"));
    assertFalse(t.fail(new RuntimeException()));
    assertFalse(t.isCancelled());
    assertEquals("first", t.result());
  }

  // ---- listeners ----

  @Test
  void listenersAreToldOnceInRegistrationOrder() {
    ManualTask<String> t = new ManualTask<>();
    List<String> trace = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String name = "l" + i;
      assertTrue(t.addListener(done -> trace.add(name + ":" + done.result())));
    }
    assertEquals(List.of(), trace);
    t.complete("v");
    assertEquals(List.of("l0:v", "l1:v", "l2:v", "l3:v", "l4:v"), trace);
    t.complete("again");
    t.cancel();
    assertEquals(5, trace.size(), "told once only");
  }

  @Test
  void aSingleListenerIsToldWithTheTask() {
    ManualTask<String> t = new ManualTask<>();
    List<Task<?>> told = new ArrayList<>();
    t.addListener(told::add);
    t.fail(new IllegalStateException());
    assertEquals(List.of(t), told);
  }

  @Test
  void aListenerAddedAfterCompletionIsRefusedAndNotCalled() {
    Task<String> t = Task.completed("v");
    AtomicInteger calls = new AtomicInteger();
    assertFalse(t.addListener(done -> calls.incrementAndGet()));
    assertEquals(0, calls.get(), "the caller reads the outcome itself");
  }

  @Test
  void listenersAddedFromManyThreadsAreAllToldOnce() throws Exception {
    ManualTask<Integer> t = new ManualTask<>();
    int threads = 8;
    int perThread = 1_000;
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger registered = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> started = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      started.add(Threads.start("adder-" + i, () -> {
        await(go);
        for (int j = 0; j < perThread; j++) {
          if (t.addListener(done -> calls.incrementAndGet())) {
            registered.incrementAndGet();
          }
        }
      }));
    }
    go.countDown();
    t.complete(1);
    for (Thread th : started) {
      th.join();
    }
    assertEquals(registered.get(), calls.get());
  }

  @Test
  void concurrentCompletionHasExactlyOneWinner() throws Exception {
    for (int round = 0; round < 50; round++) {
      ManualTask<Integer> t = new ManualTask<>();
      AtomicInteger told = new AtomicInteger();
      t.addListener(done -> told.incrementAndGet());
      int threads = 8;
      AtomicInteger wins = new AtomicInteger();
      int[] winner = {-1};
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> started = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int n = i;
        started.add(Threads.start("completer-" + i, () -> {
          await(go);
          boolean won = n % 3 == 0 ? t.cancel()
              : n % 3 == 1 ? t.fail(new IllegalStateException("" + n)) : t.complete(n);
          if (won) {
            wins.incrementAndGet();
            winner[0] = n;
          }
        }));
      }
      go.countDown();
      for (Thread th : started) {
        th.join();
      }
      assertEquals(1, wins.get());
      assertEquals(1, told.get());
      int n = winner[0];
      if (n % 3 == 0) {
        assertTrue(t.isCancelled());
      } else if (n % 3 == 1) {
        assertEquals("" + n, t.exception().getMessage());
      } else {
        assertEquals(n, t.result());
      }
    }
  }

  @Test
  void toStringShowsTheState() {
    assertTrue(new ManualTask<>().toString().contains("pending"));
    assertTrue(Task.completed(3).toString().contains("succeeded: 3"));
    ManualTask<Object> c = new ManualTask<>();
    c.cancel();
    assertTrue(c.toString().contains("cancelled"));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
