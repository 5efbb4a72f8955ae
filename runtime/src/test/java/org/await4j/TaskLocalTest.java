package org.await4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TaskLocal as asyncio's ContextVar: copied into new tasks, never leaking out. */
class TaskLocalTest {
  private static final TaskLocal<String> ID = new TaskLocal<>("id", "none");
  private final List<String> trace = Body.trace();

  @Test
  void aTaskStartsWithACopyOfItsCreatorsContextAndKeepsItsOwnSets() {
    List<String> seen = new ArrayList<>();
    try (VirtualLoop v = new VirtualLoop()) {
      Body parent = Body.of("parent", trace, () -> {
        ID.set("parent");
        Task<Object> child = Body.of("child", trace, () -> {
          seen.add("child sees " + ID.get());
          ID.set("child");
          seen.add("child set " + ID.get());
          return Tasks.sleep(Duration.ofMillis(1));
        }, () -> {
          seen.add("child still " + ID.get());
          return Task.completed(null);
        }).start();
        Task<Object> spawned = Tasks.spawn(() -> {
          seen.add("spawned sees " + ID.get());
          return Task.completed(null);
        });
        return Tasks.all(child, spawned);
      }, () -> {
        seen.add("parent still " + ID.get());
        return Task.completed(null);
      });
      v.run(parent.start());
    }
    assertEquals(List.of("child sees parent", "child set child", "spawned sees parent",
        "child still child", "parent still parent"), seen);
  }

  @Test
  void callbacksAndWorkOffTheLoopRunInTheContextThatScheduledThem() {
    List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    EventLoop.run(() -> Body.of("b", trace, () -> {
      ID.set("scheduler");
      ManualTask<String> done = new ManualTask<>();
      done.addDoneCallback(t -> seen.add("done callback sees " + ID.get()));
      done.complete("x");
      EventLoop.current().callLater(Duration.ZERO, () -> seen.add("callLater sees " + ID.get()));
      EventLoop.current().execute(() -> seen.add("a plain callback sees " + ID.get()));
      EventLoop.current().callSoonThreadsafe(
          () -> seen.add("callSoonThreadsafe sees " + ID.get()));
      EventLoop loop = EventLoop.current();
      return Tasks.toThread(() -> {
        seen.add("worker sees " + ID.get());
        ID.set("worker's own"); // a plain thread's context, carried into what it schedules
        loop.callSoonThreadsafe(() -> seen.add("callSoonThreadsafe from a thread sees " + ID.get()));
        return null;
      });
    }, () -> Tasks.sleep(Duration.ofMillis(1))).start()); // the callbacks run meanwhile
    List<String> sorted = new ArrayList<>(seen);
    java.util.Collections.sort(sorted);
    assertEquals(List.of("a plain callback sees none", "callLater sees scheduler",
        "callSoonThreadsafe from a thread sees worker's own", "callSoonThreadsafe sees scheduler",
        "done callback sees scheduler", "worker sees scheduler"), sorted);
  }

  @Test
  void plainThreadsHaveTheirOwnContextAndRemoveRestoresTheDefault() {
    assertEquals("none", ID.get());
    ID.set("thread");
    assertEquals("thread", ID.get());
    ID.remove();
    assertEquals("none", ID.get());
    TaskLocal<Integer> noDefault = new TaskLocal<>("n");
    assertNull(noDefault.get());
  }
}
