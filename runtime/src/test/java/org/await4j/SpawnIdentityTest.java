package org.await4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@code Tasks.spawn} returns the very task that {@code Task.current()} is inside the body it
 * starts (asyncio's {@code create_task}), whichever way the body runs: as a machine from its
 * start ({@link Body}), on its fast path to the end, or on its fast path and then in the machine
 * it spills into ({@link FastBody}).
 */
class SpawnIdentityTest {
  private final List<String> trace = Body.trace();
  private final List<Task<?>> currents = new ArrayList<>();

  @Test
  void aBodyThatRunsAsAMachineFromItsStartIsTheSpawnedTask() {
    try (VirtualLoop v = new VirtualLoop()) {
      ManualTask<String> gate = new ManualTask<>();
      AtomicReference<Body> body = new AtomicReference<>();
      Task<Object> t = Tasks.spawn(() -> {
        body.set(Body.of("b", trace, () -> gate));
        return body.get().start();
      });
      v.pass();
      gate.complete("v");
      assertEquals("v", v.run(t));
      assertEquals(3, body.get().currents.size(), "each step asked");
      body.get().currents.forEach(c -> assertSame(t, c));
      noneLeft(v);
    }
  }

  @Test
  void aBodyThatEndsOnItsFastPathIsTheSpawnedTask() {
    try (VirtualLoop v = new VirtualLoop()) {
      Task<String> t = Tasks.spawn(() -> FastBody.call(Task.completed("v"), currents));
      v.pass();
      assertTrue(t.isDone());
      assertEquals("v!", t.result());
      assertEquals(List.of(t, t), currents);
      noneLeft(v);
    }
  }

  @Test
  void aBodyThatSpillsFromItsFastPathIsTheSpawnedTaskBeforeAndAfter() {
    try (VirtualLoop v = new VirtualLoop()) {
      ManualTask<String> gate = new ManualTask<>();
      Task<String> t = Tasks.spawn(() -> FastBody.call(gate, currents));
      v.pass();
      assertEquals(List.of(t), currents, "asked before it waited");
      gate.complete("v");
      assertEquals("v!", v.run(t));
      assertEquals(List.of(t, t), currents);
      noneLeft(v);
    }
  }

  @Test
  void aBodyThatSpillsWithoutAskingFirstIsTheSpawnedTaskOnceItAsks() {
    try (VirtualLoop v = new VirtualLoop()) {
      ManualTask<String> gate = new ManualTask<>();
      List<Task<?>> later = new ArrayList<>();
      // asks only after the await: its task object is the machine it spilled into
      Task<String> t = Tasks.spawn(() -> FastBody.call(null, gate, null));
      Task<String> u = Tasks.spawn(() -> FastBody.call(
          () -> later.add(Task.current()), Tasks.yieldNow(), null));
      v.runReady();
      assertSame(u, later.get(0));
      gate.complete("v");
      assertEquals("v!", v.run(t));
      assertEquals("Task-1", t.name());
      assertEquals("Task-2", u.name());
      noneLeft(v);
    }
  }

  @Test
  void aBodyThatNeverAsksStillGivesItsValueOrItsException() {
    try (VirtualLoop v = new VirtualLoop()) {
      Task<String> done = Tasks.spawn(() -> FastBody.call(Task.completed("v"), null));
      IllegalStateException boom = new IllegalStateException("boom");
      Task<String> failed = Tasks.spawn(() -> FastBody.call(Task.failed(boom), null));
      ManualTask<String> gate = new ManualTask<>();
      Task<String> failsLater = Tasks.spawn(() -> FastBody.call(gate, currents));
      v.pass();
      assertEquals("v!", done.result());
      assertSame(boom, failed.exception());
      IllegalArgumentException later = new IllegalArgumentException("later");
      gate.fail(later);
      v.runAll();
      assertSame(later, failsLater.exception());
      assertEquals(List.of(failsLater), currents);
      noneLeft(v);
    }
  }

  @Test
  void callsTheBodyMakesAreTasksOfTheirOwn() {
    try (VirtualLoop v = new VirtualLoop()) {
      ManualTask<String> inner = new ManualTask<>();
      List<Task<?>> callee = new ArrayList<>();
      List<Task<String>> calleeTask = new ArrayList<>();
      // the callee asks, and spills, before the body does either
      Task<String> t = Tasks.spawn(() -> FastBody.call(
          () -> calleeTask.add(FastBody.call(inner, callee)), Tasks.yieldNow(), currents));
      v.pass();
      Task<String> c = calleeTask.get(0);
      assertEquals(List.of(c), callee);
      assertNotSame(t, c);
      assertEquals(List.of(t), currents);
      assertEquals("Task-1", t.name());
      assertEquals("Task-2", c.name());
      assertEquals("null!", v.run(t)); // a yield's value
      inner.complete("i");
      assertEquals("i!", v.run(c));
      assertEquals(List.of(t, t), currents);
      assertEquals(List.of(c, c), callee);
      noneLeft(v);
    }
  }

  @Test
  void plainCodeOfTheSupplierBeforeTheCallRunsAsTheSpawnedTaskToo() {
    try (VirtualLoop v = new VirtualLoop()) {
      ManualTask<String> gate = new ManualTask<>();
      Task<String> t = Tasks.spawn(() -> {
        currents.add(Task.current());
        trace.add("before the call");
        return FastBody.call(gate, currents);
      });
      v.pass();
      gate.complete("v");
      assertEquals("v!", v.run(t));
      assertEquals(List.of(t, t, t), currents);
      noneLeft(v);
    }
  }

  @Test
  void aTaskThatExistsAlreadyCannotBecomeTheSpawnedTaskWhichFollowsIt() {
    try (VirtualLoop v = new VirtualLoop()) {
      ManualTask<String> gate = new ManualTask<>();
      Body existing = Body.of("e", trace, () -> gate);
      existing.start(); // a stub call made before: a task of its own
      Task<Object> t = Tasks.spawn(() -> existing);
      v.pass();
      assertNotSame(t, existing);
      assertTrue(t.cancel("stop"));
      v.runAll();
      assertTrue(existing.isCancelled(), "cancelling the spawned task cancels the one it follows");
      assertTrue(t.isCancelled());
      existing.currents.forEach(c -> assertSame(existing, c));
      noneLeft(v);
    }
  }

  @Test
  void aTaskOfAFutureIsFollowedAndTheSupplierRanAsTheSpawnedTask() {
    try (VirtualLoop v = new VirtualLoop()) {
      CompletableFuture<String> f = new CompletableFuture<>();
      AtomicReference<Task<?>> inSupplier = new AtomicReference<>();
      Task<String> t = Tasks.spawn(() -> {
        inSupplier.set(Task.current());
        return Task.from(f);
      });
      v.pass();
      assertSame(t, inSupplier.get());
      f.complete("f");
      assertEquals("f", v.run(t));
      noneLeft(v);
    }
  }

  @Test
  void aSupplierThatReturnsAnotherCallThanItsFirstGetsAFollowerAndTheFirstGoesOnAlone() {
    try (VirtualLoop v = new VirtualLoop()) {
      ManualTask<String> first = new ManualTask<>();
      ManualTask<String> second = new ManualTask<>();
      AtomicReference<Body> h = new AtomicReference<>();
      AtomicReference<Body> w = new AtomicReference<>();
      Task<Object> t = Tasks.spawn(() -> {
        h.set(Body.of("h", trace, () -> first));
        h.get().start(); // the first call: it runs its first step as the spawned task
        w.set(Body.of("w", trace, () -> second));
        return w.get().start();
      });
      v.pass();
      assertSame(t, h.get().currents.get(0), "its first step, before the supplier returned");
      w.get().currents.forEach(c -> assertSame(w.get(), c));
      assertTrue(t.cancel());
      v.runReady();
      assertTrue(second.isCancelled(), "the cancel goes to the task the supplier returned");
      assertFalse(first.isCancelled());
      first.complete("v");
      assertEquals("v", v.run(h.get()));
      assertSame(h.get(), h.get().currents.get(1), "a task of its own from then on");
      assertTrue(h.get().name().startsWith("Task-"));
      assertFalse(h.get().name().equals(t.name()));
      assertTrue(t.isCancelled());
      noneLeft(v);
    }
  }

  @Test
  void aSupplierThatThrowsAfterItsCallFailsTheTaskAndTheCallGoesOnAlone() {
    try (VirtualLoop v = new VirtualLoop()) {
      ManualTask<String> gate = new ManualTask<>();
      IllegalStateException boom = new IllegalStateException("boom");
      List<Task<String>> call = new ArrayList<>();
      Task<String> t = Tasks.spawn(() -> {
        call.add(FastBody.call(gate, currents));
        throw boom;
      });
      v.pass();
      assertSame(boom, t.exception());
      gate.complete("v");
      assertEquals("v!", v.run(call.get(0)));
      assertEquals(List.of(t, call.get(0)), currents, "its own task once the supplier failed");
      noneLeft(v);
    }
  }

  @Test
  void cancelledBeforeItStartsTheBodyNeverRuns() {
    try (VirtualLoop v = new VirtualLoop()) {
      AtomicInteger calls = new AtomicInteger();
      Task<String> t = Tasks.spawn(() -> {
        calls.incrementAndGet();
        return FastBody.call(new ManualTask<>(), currents);
      });
      assertTrue(t.cancel("not now"));
      v.runAll();
      assertEquals(0, calls.get());
      assertTrue(t.isCancelled());
      assertEquals("not now", assertThrowsCancel(t).getMessage());
      assertEquals(List.of(), currents);
      noneLeft(v);
    }
  }

  @Test
  void cancelledWhileItWaitsTheBodyGetsItAtItsAwaitWithTheMessage() {
    try (VirtualLoop v = new VirtualLoop()) {
      ManualTask<String> gate = new ManualTask<>();
      Task<String> t = Tasks.spawn(() -> FastBody.call(gate, currents));
      v.pass();
      assertTrue(t.cancel("stop"));
      assertEquals(1, t.cancelling());
      v.runAll();
      assertTrue(gate.isCancelled(), "forwarded to what the body awaits");
      assertTrue(t.isCancelled());
      assertEquals("stop", assertThrowsCancel(t).getMessage());
      assertEquals(List.of(t), currents, "the await threw: no step after it");
      assertEquals(1, t.cancelling());
      noneLeft(v);
    }
  }

  @Test
  void aCancelFromAnotherThreadWhileTheSupplierRunsReachesTheBodyOnce() throws Exception {
    try (VirtualLoop v = new VirtualLoop()) {
      ManualTask<String> gate = new ManualTask<>();
      AtomicReference<Task<String>> self = new AtomicReference<>();
      self.set(Tasks.spawn(() -> {
        Thread other = Threads.start("canceller", () -> self.get().cancel("from afar"));
        try {
          other.join();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        return FastBody.call(gate, currents);
      }));
      Task<String> t = self.get();
      v.runAll();
      assertTrue(gate.isCancelled(), "passed on once the body had its task object");
      assertEquals("from afar", assertThrowsCancel(t).getMessage());
      assertEquals(1, t.cancelling());
      assertEquals(List.of(t), currents);
      noneLeft(v);
    }
  }

  @Test
  void aBodyThatCancelsItselfThroughCurrentGetsItAtItsNextWait() {
    try (VirtualLoop v = new VirtualLoop()) {
      ManualTask<String> gate = new ManualTask<>();
      Task<String> t = Tasks.spawn(() -> FastBody.call(() -> {
        Task.current().cancel("myself");
        trace.add("cancelling " + Task.current().cancelling());
      }, gate, currents));
      v.runAll();
      assertEquals(List.of("cancelling 1"), trace);
      assertTrue(gate.isCancelled());
      assertEquals("myself", assertThrowsCancel(t).getMessage());
      noneLeft(v);
    }
  }

  @Test
  void theCleanEndOfRunCancelsASpawnedBodyThroughItsTask() {
    List<Task<Object>> spawned = new ArrayList<>();
    List<Body> bodies = new ArrayList<>();
    EventLoop.run(() -> Body.of("main", trace, () -> {
      spawned.add(Tasks.spawn(() -> {
        bodies.add(Body.of("b", trace, () -> Tasks.sleep(Duration.ofHours(1)))
            .cleanup(Tasks::yieldNow));
        return bodies.get(0).start();
      }));
      return Tasks.yieldNow(); // the spawned task starts, and sleeps
    }).start());
    Task<Object> t = spawned.get(0);
    assertTrue(t.isCancelled());
    assertEquals(1, t.cancelling());
    assertEquals(List.of("await main 0", "await b 0", "got main null",
        "threw b CancellationException", "cleanup b", "cleanup done b"), trace);
    bodies.get(0).currents.forEach(c -> assertSame(t, c));
  }

  @Test
  void aBodyCannotAwaitItsOwnSpawnedTask() {
    try (VirtualLoop v = new VirtualLoop()) {
      Task<Object> t = Tasks.spawn(() -> Body.of("b", trace, Task::current).start());
      v.runAll();
      assertInstanceOf(IllegalStateException.class, t.exception());
      assertTrue(t.exception().getMessage().startsWith("Task cannot await on itself"),
          t.exception().getMessage());
      noneLeft(v);
    }
  }

  @Test
  void namesGivenOrSetAreTheBodysAndTheDumpShowsOneTask() {
    try (VirtualLoop v = new VirtualLoop()) {
      ManualTask<String> gate = new ManualTask<>();
      Task<String> t = Tasks.spawn("worker", () -> FastBody.call(
          () -> trace.add("named " + Task.current().name()), gate, null));
      v.pass();
      assertEquals(List.of("named worker"), trace);
      List<String> dump = PendingTasks.of(v.loop);
      assertEquals(1, dump.size(), dump.toString());
      assertTrue(dump.get(0).startsWith("worker suspended at FastBody state 1"), dump.toString());
      t.setName("renamed");
      assertTrue(PendingTasks.of(v.loop).get(0).startsWith("renamed suspended at"));
      assertTrue(t.toString().startsWith("renamed[pending at FastBody state 1]"), t.toString());
      AtomicReference<java.util.Set<Task<?>>> all = new AtomicReference<>();
      v.loop.execute(() -> all.set(Tasks.allTasks()));
      v.pass();
      assertEquals(java.util.Set.of(t), all.get());
      gate.complete("v");
      v.run(t);
      noneLeft(v);
    }
  }

  @Test
  void doneCallbacksAddedThroughCurrentRunWithTheSpawnedTask() {
    try (VirtualLoop v = new VirtualLoop()) {
      ManualTask<String> gate = new ManualTask<>();
      List<Task<?>> calledWith = new ArrayList<>();
      Task<String> t = Tasks.spawn(() -> FastBody.call(
          () -> Task.current().addDoneCallback(calledWith::add), gate, null));
      v.pass();
      assertEquals(List.of(), calledWith);
      gate.complete("v");
      v.runAll();
      assertEquals(List.of(t), calledWith);
      noneLeft(v);
    }
  }

  @Test
  void theBodyRunsInACopyOfItsCreatorsContext() {
    TaskLocal<String> user = new TaskLocal<>("user");
    try (VirtualLoop v = new VirtualLoop()) {
      ManualTask<String> gate = new ManualTask<>();
      List<String> seen = new ArrayList<>();
      AtomicReference<Task<String>> t = new AtomicReference<>();
      Task<Object> creator = Body.of("creator", trace, () -> {
        user.set("alice");
        t.set(Tasks.spawn(() -> FastBody.call(() -> {
          seen.add(user.get());
          user.set("bob"); // the body's own copy
        }, gate, null)));
        return t.get();
      }, () -> {
        seen.add("creator " + user.get());
        return Task.completed(null);
      }).start();
      v.pass();
      gate.complete("v");
      v.run(creator);
      assertEquals(List.of("alice", "creator alice"), seen);
      noneLeft(v);
    }
  }

  @Test
  void aTimeoutInASpawnedBodyCancelsAndCountsOnTheSpawnedTask() {
    try (VirtualLoop v = new VirtualLoop()) {
      ManualTask<String> never = new ManualTask<>();
      AtomicReference<TimeoutScopeTest.Scoped> body = new AtomicReference<>();
      Task<Object> t = Tasks.spawn(() -> {
        body.set(new TimeoutScopeTest.Scoped(Duration.ofMillis(10), trace, () -> never));
        return body.get().start();
      });
      v.runUntil(t::isDone);
      assertInstanceOf(TimeoutException.class, t.exception());
      assertTrue(never.isCancelled());
      assertEquals(0, t.cancelling(), "the scope took back its own request");
      noneLeft(v);
    }
  }

  @Test
  void aTaskGroupSpawnReturnsTheBodysTask() {
    try (VirtualLoop v = new VirtualLoop()) {
      ManualTask<String> gate = new ManualTask<>();
      ManualTask<Object> ownerGate = new ManualTask<>();
      TaskGroupTest.Owner owner =
          new TaskGroupTest.Owner(trace, List.of(), true, () -> ownerGate);
      Task<Object> o = owner.start();
      Task<String> child = owner.group.spawn(() -> FastBody.call(gate, currents));
      v.pass();
      assertEquals(List.of(child), currents);
      ownerGate.complete(null);
      gate.complete("v");
      assertEquals("done", v.run(o));
      assertEquals("v!", child.result());
      assertEquals(List.of(child, child), currents);
      noneLeft(v);
    }
  }

  /** No task is left pending and nothing is left to run. */
  private static void noneLeft(VirtualLoop v) {
    v.runReady();
    assertEquals(List.of(), PendingTasks.of(v.loop));
    assertFalse(v.loop.hasWork());
  }

  private static CancellationException assertThrowsCancel(Task<?> t) {
    return org.junit.jupiter.api.Assertions.assertThrows(CancellationException.class, t::result);
  }
}
