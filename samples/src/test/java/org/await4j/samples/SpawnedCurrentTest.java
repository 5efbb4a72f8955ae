package org.await4j.samples;

import static org.await4j.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.await4j.Async;
import org.await4j.EventLoop;
import org.await4j.Task;
import org.await4j.Tasks;
import org.junit.jupiter.api.Test;

/**
 * {@code Tasks.spawn} returns the task that {@code Task.current()} is inside the {@code @Async}
 * body it starts, with machines the processor generated: for a body that waits (it runs on its
 * fast path, then in the machine it spills into) and one that completes at once.
 */
class SpawnedCurrentTest {
  /** Bodies that record {@code Task.current()}; compiled by the processor. */
  static class Worker {
    final List<Task<?>> currents = new ArrayList<>();

    @Async
    String waits(String name) {
      currents.add(Task.current());
      await(Tasks.yieldNow()); // really waits: the body goes round the loop
      currents.add(Task.current());
      return name + " waited";
    }

    @Async
    String atOnce(String name) {
      currents.add(Task.current());
      return name + " at once";
    }

    @Async
    String callsAtOnce(String name) {
      String inner = atOnce(name); // a call of its own: its own task
      currents.add(Task.current());
      return inner;
    }

    @Async
    String waitsForever(String name) {
      currents.add(Task.current());
      try {
        await(Tasks.sleep(java.time.Duration.ofHours(1)));
        return name + " woke";
      } catch (CancellationException e) {
        currents.add(Task.current());
        return name + " cancelled, cancelling " + Task.current().cancelling();
      }
    }

    /** Lets {@code t} start and wait, then cancels it and awaits what it returns. */
    @Async
    static String cancelSoon(Task<String> t) {
      await(Tasks.yieldNow());
      t.cancel();
      return await(t);
    }
  }

  @Test
  void currentInABodyThatWaitsIsTheSpawnedTask() {
    Worker w = new Worker();
    List<Task<String>> spawned = new ArrayList<>();
    String result = EventLoop.run(() -> {
      spawned.add(Tasks.spawn(() -> SpawnedCurrentTest_WorkerAsync.waits(w, "w")));
      return spawned.get(0);
    });
    assertEquals("w waited", result);
    assertEquals(List.of(spawned.get(0), spawned.get(0)), w.currents);
  }

  @Test
  void currentInABodyThatCompletesAtOnceIsTheSpawnedTask() {
    Worker w = new Worker();
    List<Task<String>> spawned = new ArrayList<>();
    String result = EventLoop.run(() -> {
      spawned.add(Tasks.spawn("quick", () -> SpawnedCurrentTest_WorkerAsync.atOnce(w, "q")));
      return spawned.get(0);
    });
    assertEquals("q at once", result);
    assertEquals(List.of(spawned.get(0)), w.currents);
    assertEquals("quick", w.currents.get(0).name());
  }

  @Test
  void aCallInTheBodyIsATaskOfItsOwn() {
    Worker w = new Worker();
    List<Task<String>> spawned = new ArrayList<>();
    EventLoop.run(() -> {
      spawned.add(Tasks.spawn(() -> SpawnedCurrentTest_WorkerAsync.callsAtOnce(w, "c")));
      return spawned.get(0);
    });
    assertEquals(2, w.currents.size());
    assertNotSame(spawned.get(0), w.currents.get(0), "the callee's own task");
    assertSame(spawned.get(0), w.currents.get(1));
  }

  @Test
  void aCancelOfTheSpawnedTaskReachesTheBodyAtItsAwait() {
    Worker w = new Worker();
    List<Task<String>> spawned = new ArrayList<>();
    String result = EventLoop.run(() -> {
      Task<String> t = Tasks.spawn(() -> SpawnedCurrentTest_WorkerAsync.waitsForever(w, "f"));
      spawned.add(t);
      return SpawnedCurrentTest_WorkerAsync.cancelSoon(t);
    });
    assertEquals("f cancelled, cancelling 1", result);
    assertEquals(List.of(spawned.get(0), spawned.get(0)), w.currents);
    assertTrue(spawned.get(0).isDone());
  }
}
