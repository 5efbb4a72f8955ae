package org.await4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Tasks.spawn / EventLoop.createTask (asyncio create_task), Task.current(), task names. */
class SpawnTest {
  private final List<String> trace = Body.trace();

  @Test
  void aSpawnedTaskStartsOnTheNextPassNotAtOnce() {
    try (VirtualLoop v = new VirtualLoop()) {
      ManualTask<String> gate = new ManualTask<>();
      Task<Object> t = Tasks.spawn(() -> Body.of("b", trace, () -> gate).start());
      assertEquals(List.of(), trace, "not started yet");
      v.pass();
      assertEquals(List.of("await b 0"), trace);
      gate.complete("v");
      assertEquals("v", v.run(t));
      assertEquals(List.of("await b 0", "got b v"), trace);
    }
  }

  @Test
  void aTaskCancelledBeforeItRunsNeverRuns() {
    try (VirtualLoop v = new VirtualLoop()) {
      AtomicInteger calls = new AtomicInteger();
      Task<Object> t = Tasks.spawn(() -> {
        calls.incrementAndGet();
        return Body.of("b", trace, () -> new ManualTask<>()).start();
      });
      assertTrue(t.cancel());
      assertTrue(t.isCancelled());
      v.runAll();
      assertEquals(0, calls.get());
      assertEquals(List.of(), trace);
      assertFalse(t.cancel(), "already done");
    }
  }

  @Test
  void cancellingAfterItStartedCancelsTheStartedTask() {
    try (VirtualLoop v = new VirtualLoop()) {
      ManualTask<String> gate = new ManualTask<>();
      AtomicReference<Task<Object>> inner = new AtomicReference<>();
      Task<Object> t = Tasks.spawn(() -> {
        inner.set(Body.of("b", trace, () -> gate).cleanup(() -> Tasks.sleep(ms(5))).start());
        return inner.get();
      });
      v.pass();
      assertTrue(t.cancel());
      assertFalse(t.isDone(), "ends when the started task has cleaned up, which awaits");
      v.runUntil(t::isDone);
      assertTrue(gate.isCancelled());
      assertTrue(inner.get().isCancelled());
      assertTrue(t.isCancelled());
      assertEquals(List.of("await b 0", "threw b CancellationException", "cleanup b",
          "cleanup done b"), trace);
    }
  }

  @Test
  void aBodyThatCatchesTheCancellationMakesTheSpawnedTaskSucceed() {
    try (VirtualLoop v = new VirtualLoop()) {
      ManualTask<String> gate = new ManualTask<>();
      Task<Object> t = Tasks.spawn(() ->
          Body.of("b", trace, () -> gate, () -> Task.completed("after")).catchCancel().start());
      v.pass();
      t.cancel();
      assertEquals("after", v.run(t));
    }
  }

  @Test
  void aFailingSupplierFailsTheTask() {
    try (VirtualLoop v = new VirtualLoop()) {
      IllegalStateException boom = new IllegalStateException("boom");
      Task<Object> t = Tasks.spawn(() -> {
        throw boom;
      });
      v.runAll();
      assertSame(boom, t.exception());
      Task<Object> nul = Tasks.spawn(() -> null);
      v.runAll();
      assertTrue(nul.exception() instanceof NullPointerException);
    }
  }

  @Test
  void createTaskFromAnotherThreadRunsOnThatLoop() throws Exception {
    try (VirtualLoop v = new VirtualLoop()) {
      AtomicReference<Task<String>> t = new AtomicReference<>();
      AtomicReference<String> ranOn = new AtomicReference<>();
      Thread other = Threads.start("other", () -> t.set(v.loop.createTask(() -> {
        ranOn.set(Thread.currentThread().getName());
        return Task.completed("x");
      })));
      other.join();
      assertEquals("x", v.run(t.get()));
      assertEquals(Thread.currentThread().getName(), ranOn.get());
    }
  }

  @Test
  void spawnFromAPlainThreadRunsOnTheDefaultLoop() {
    try (VirtualLoop v = new VirtualLoop()) {
      v.close(); // this thread runs no loop now
      Task<String> t = Tasks.spawn(() -> Task.completed(Thread.currentThread().getName()));
      assertEquals("await4j-default-loop", t.join());
    }
  }

  @Test
  void aMachineQueuedOnTheDefaultLoopAndCancelledBeforeItRunsNeverRuns() throws Exception {
    try (VirtualLoop v = new VirtualLoop()) {
      v.close();
      CountDownLatch hold = new CountDownLatch(1);
      CountDownLatch holding = new CountDownLatch(1);
      EventLoop.currentOrDefault().execute(() -> { // keep the default loop busy meanwhile
        holding.countDown();
        try {
          hold.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      holding.await();
      Body body = Body.of("b", trace, () -> Task.completed("v"));
      Task<Object> t = body.start(); // queued on the default loop: this thread runs none
      assertTrue(t.cancel());
      hold.countDown();
      assertThrows(CancellationException.class, t::join);
      CountDownLatch after = new CountDownLatch(1);
      EventLoop.currentOrDefault().execute(after::countDown);
      after.await();
      assertEquals(List.of(), trace, "never ran");
      assertTrue(body.currents.isEmpty());
    }
  }

  @Test
  void currentIsTheRunningBodyInEachOfItsSteps() {
    try (VirtualLoop v = new VirtualLoop()) {
      ManualTask<String> gate = new ManualTask<>();
      List<Task<?>> callees = new ArrayList<>();
      Body outer = Body.of("outer", trace, () -> {
        Body inner = Body.of("inner", trace, () -> gate);
        callees.add(inner);
        inner.start(); // a call to another @Async method starts it at once
        assertSame(inner, inner.currents.get(0));
        return inner;
      });
      Task<Object> t = outer.start();
      assertNull(Task.current(), "outside any task again");
      gate.complete("v");
      v.run(t);
      assertTrue(outer.currents.stream().allMatch(c -> c == outer), outer.currents.toString());
      Body inner = (Body) callees.get(0);
      assertTrue(inner.currents.stream().allMatch(c -> c == inner), inner.currents.toString());
      AtomicReference<Task<?>> inCallback = new AtomicReference<>(gate);
      v.loop.execute(() -> inCallback.set(Task.current()));
      v.pass();
      assertNull(inCallback.get(), "a plain callback runs outside any task");
    }
  }

  @Test
  void currentThrowsOnAThreadWithoutLoopAndCurrentOrNullIsNull() {
    try (VirtualLoop v = new VirtualLoop()) {
      v.close();
      IllegalStateException e = assertThrows(IllegalStateException.class, Task::current);
      assertTrue(e.getMessage().startsWith("no running event loop"), e.getMessage());
      assertNull(Task.currentOrNull());
    }
  }

  @Test
  void namesGivenAtCreationReachTheBodysOwnTask() {
    try (VirtualLoop v = new VirtualLoop()) {
      ManualTask<String> gate = new ManualTask<>();
      AtomicReference<Body> body = new AtomicReference<>();
      Task<Object> t = Tasks.spawn("fetcher", () -> {
        body.set(Body.of("b", trace, () -> gate));
        return body.get().start();
      });
      assertEquals("fetcher", t.name());
      v.pass();
      assertEquals("fetcher", body.get().currents.get(0).name(), "Task.current().name()");
      gate.complete("v");
      v.run(t);
      Task<Object> unnamed = Tasks.spawn(() -> Task.completed(1));
      assertEquals("Task-2", unnamed.name(), "numbered by its loop, after the named one");
      assertTrue(body.get().name().equals("fetcher"));
      assertTrue(Task.completed(1).name().startsWith("Task@"));
    }
  }

  @Test
  void numbersAndCancelCountsShareTheFlagsWithoutMixing() {
    try (VirtualLoop v = new VirtualLoop()) {
      List<Stubborn> inner = new ArrayList<>();
      List<Task<Object>> tasks = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        Stubborn t = new Stubborn();
        inner.add(t);
        tasks.add(Tasks.spawn(() -> t));
      }
      v.pass();
      Task<Object> last = tasks.get(299);
      assertEquals("Task-300", last.name());
      for (int i = 0; i < 300; i++) {
        assertTrue(last.cancel());
      }
      assertEquals(127, last.cancelling(), "counted up to 127, the number untouched");
      assertEquals("Task-300", last.name());
      assertEquals(126, last.uncancel());
      assertEquals("Task-300", last.name());
      assertEquals("Task-1", tasks.get(0).name());
      for (Stubborn t : inner) {
        t.end();
      }
      v.runAll();
      assertTrue(last.isCancelled());
      assertEquals("Task-300", last.name(), "a done task keeps its name");
      assertEquals(126, last.cancelling());
    }
  }

  /** A task that takes cancel requests and ends only when told. */
  private static final class Stubborn extends Task<Object> {
    @Override
    public boolean cancel(String message) {
      return !isDone();
    }

    void end() {
      failWith(new CancellationException("ended"));
    }
  }

  @Test
  void thousandsOfSpawnedTasks() {
    try (VirtualLoop v = new VirtualLoop()) {
      List<Task<Object>> tasks = new ArrayList<>();
      List<String> quiet = new ArrayList<>();
      for (int i = 0; i < 10_000; i++) {
        int n = i;
        tasks.add(Tasks.spawn(() -> Body.of("s", quiet, () -> Tasks.sleep(ms(n % 7)),
            () -> Task.completed(n)).start()));
      }
      List<Object> all = v.run(Tasks.all(tasks));
      assertEquals(10_000, all.size());
      for (int i = 0; i < all.size(); i++) {
        assertEquals(i, all.get(i));
      }
    }
  }

  static java.time.Duration ms(long millis) {
    return java.time.Duration.ofMillis(millis);
  }
}
