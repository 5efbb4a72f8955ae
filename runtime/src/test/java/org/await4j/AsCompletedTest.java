package org.await4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** Tasks.asCompleted (asyncio as_completed): the tasks in completion order, one await at a time. */
class AsCompletedTest {
  @Test
  void handsOutTheTasksInCompletionOrderDoneOnesFirst() {
    ManualTask<String> a = new ManualTask<>();
    ManualTask<String> b = new ManualTask<>();
    Task<String> done = Task.completed("done");
    AsCompleted<String> it = Tasks.asCompleted(a, b, done);
    assertTrue(it.hasNext());
    assertSame(done, it.next().result());
    Task<Task<String>> second = it.next();
    Task<Task<String>> third = it.next();
    assertFalse(it.hasNext());
    assertFalse(second.isDone());
    b.complete("b");
    assertSame(b, second.result());
    IOException io = new IOException("a");
    a.fail(io);
    assertSame(a, third.result());
    assertSame(io, third.result().exception());
    assertThrows(NoSuchElementException.class, it::next);
  }

  @Test
  void aCancelledNextLeavesNoTraceAndLosesNoTask() {
    ManualTask<String> a = new ManualTask<>();
    ManualTask<String> b = new ManualTask<>();
    AsCompleted<String> it = Tasks.asCompleted(List.of(a, b));
    Task<Task<String>> first = it.next();
    Task<Task<String>> second = it.next();
    assertFalse(it.hasNext());
    assertTrue(first.cancel());
    assertTrue(it.hasNext(), "its place is given back");
    a.complete("a");
    assertSame(a, second.result(), "the waiting calls are served in order");
    assertSame(b, onceDone(it.next(), b));
    assertTrue(a.isDone() && !a.isCancelled(), "the tasks themselves are never cancelled");
  }

  private static Task<String> onceDone(Task<Task<String>> next, ManualTask<String> t) {
    t.complete("b");
    return next.result();
  }

  @Test
  void aBodyAwaitsThemOneByOneOnVirtualTime() {
    try (VirtualLoop v = new VirtualLoop()) {
      List<Task<Void>> sleeps = new ArrayList<>();
      for (int ms : new int[] {30, 10, 20}) {
        sleeps.add(Tasks.sleep(java.time.Duration.ofMillis(ms)));
      }
      List<Long> times = new ArrayList<>();
      List<Integer> order = new ArrayList<>();
      for (Task<Task<Void>> next : Tasks.asCompleted(sleeps)) {
        Task<Void> t = v.run(next);
        times.add(v.nowMillis());
        order.add(sleeps.indexOf(t));
      }
      assertEquals(List.of(1, 2, 0), order);
      assertEquals(List.of(10L, 20L, 30L), times);
    }
  }

  @Test
  void thousandsOfTasks() {
    int n = 5_000;
    List<ManualTask<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tasks.add(new ManualTask<>());
    }
    AsCompleted<Integer> it = Tasks.asCompleted(tasks);
    List<Task<Task<Integer>>> nexts = new ArrayList<>();
    for (int i = 0; i < n / 2; i++) {
      nexts.add(it.next()); // half wait before completion
    }
    for (int i = n - 1; i >= 0; i--) {
      tasks.get(i).complete(i);
    }
    while (it.hasNext()) {
      nexts.add(it.next());
    }
    for (int i = 0; i < n; i++) {
      assertEquals(n - 1 - i, nexts.get(i).result().result());
    }
  }
}
