package org.await4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tasks.all (asyncio gather) and Tasks.allSettled (gather with return_exceptions=True). */
class GatherTest {
  private final List<String> trace = Body.trace();

  @Test
  void allGivesTheValuesInArgumentOrderWhateverTheCompletionOrder() {
    ManualTask<String> a = new ManualTask<>();
    ManualTask<String> b = new ManualTask<>();
    Task<List<String>> all = Tasks.all(a, b, Task.completed("c"));
    b.complete("b");
    assertFalse(all.isDone());
    a.complete("a");
    assertEquals(List.of("a", "b", "c"), all.result());
  }

  @Test
  void allOfNothingIsAnEmptyList() {
    assertEquals(List.of(), Tasks.all(List.<Task<String>>of()).result());
    assertEquals(List.of(), Tasks.allSettled().result());
  }

  @Test
  void allKeepsNullValues() {
    assertEquals(Arrays.asList("a", null), Tasks.all(Task.completed("a"), Task.completed(null))
        .result());
  }

  @Test
  void theFirstFailureFailsAllAndTheOthersKeepRunning() {
    ManualTask<String> a = new ManualTask<>();
    ManualTask<String> b = new ManualTask<>();
    ManualTask<String> c = new ManualTask<>();
    Task<List<String>> all = Tasks.all(List.of(a, b, c));
    IOException first = new IOException("first");
    b.fail(first);
    assertSame(first, assertThrows(IOException.class, all::result));
    assertFalse(a.isDone(), "asyncio.gather does not cancel the others");
    assertFalse(c.isDone());
    c.fail(new IOException("second")); // observed by all: not reported as unobserved
    a.complete("a");
    assertSame(first, all.exception());
  }

  @Test
  void aCancelledChildCancelsAll() {
    ManualTask<String> a = new ManualTask<>();
    Task<List<String>> all = Tasks.all(a, new ManualTask<>());
    a.cancel();
    assertTrue(all.isCancelled());
  }

  @Test
  void cancellingAllCancelsEveryChild() {
    ManualTask<String> a = new ManualTask<>();
    ManualTask<String> b = new ManualTask<>();
    Task<List<String>> all = Tasks.all(a, b, Task.completed("done"));
    assertTrue(all.cancel());
    assertTrue(all.isCancelled());
    assertTrue(a.isCancelled());
    assertTrue(b.isCancelled());
  }

  @Test
  void cancellingABodyThatAwaitsAllCancelsTheChildrenWhoseCleanupMayAwait() {
    try (VirtualLoop v = new VirtualLoop()) {
      ManualTask<String> never = new ManualTask<>();
      Body child1 = Body.of("c1", trace, () -> never).cleanup(() -> Tasks.sleep(ms(10)));
      Body child2 = Body.of("c2", trace, () -> Tasks.sleep(ms(1000)));
      Body parent = Body.of("p", trace, () -> Tasks.all(child1.start(), child2.start()));
      Task<Object> p = parent.start();
      v.advance(ms(1));
      assertTrue(p.cancel());
      v.runUntil(() -> p.isDone() && child1.isDone());
      assertTrue(p.isCancelled());
      assertTrue(child1.isCancelled());
      assertTrue(child2.isCancelled());
      assertTrue(never.isCancelled());
      assertTrue(trace.contains("cleanup done c1"), trace.toString());
      assertTrue(v.nowMillis() < 1000, "child2's sleep was cancelled, not waited for");
    }
  }

  @Test
  void allSettledCollectsEveryOutcomeInArgumentOrder() {
    ManualTask<String> a = new ManualTask<>();
    ManualTask<String> b = new ManualTask<>();
    ManualTask<String> c = new ManualTask<>();
    Task<List<Outcome<String>>> settled = Tasks.allSettled(a, b, c);
    IOException io = new IOException("io");
    c.fail(io);
    b.cancel();
    assertFalse(settled.isDone());
    a.complete("a");
    List<Outcome<String>> o = settled.result();
    assertEquals(3, o.size());
    assertTrue(o.get(0).isSuccess());
    assertEquals("a", o.get(0).result());
    assertTrue(o.get(1).isCancelled());
    assertTrue(o.get(2).isFailure());
    assertSame(io, o.get(2).exception());
    assertSame(io, assertThrows(IOException.class, () -> o.get(2).result()));
    assertEquals(Outcome.success("a"), o.get(0));
  }

  @Test
  void cancellingAllSettledCancelsTheChildren() {
    ManualTask<String> a = new ManualTask<>();
    Task<List<Outcome<String>>> settled = Tasks.allSettled(List.of(a));
    settled.cancel();
    assertTrue(a.isCancelled());
    assertTrue(settled.isCancelled());
  }

  @Test
  void thousandsOfTasksCompletedOnManyThreads() throws Exception {
    int n = 20_000;
    List<ManualTask<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tasks.add(new ManualTask<>());
    }
    Task<List<Integer>> all = Tasks.all(tasks);
    Task<List<Outcome<Integer>>> settled = Tasks.allSettled(tasks);
    List<Thread> threads = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      int from = k;
      threads.add(Threads.start("completer-" + k, () -> {
        for (int i = from; i < n; i += 4) {
          tasks.get(i).complete(i);
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    List<Integer> values = all.join();
    for (int i = 0; i < n; i++) {
      assertEquals(i, values.get(i));
      assertEquals(i, settled.join().get(i).result());
    }
  }

  static java.time.Duration ms(long millis) {
    return java.time.Duration.ofMillis(millis);
  }
}
