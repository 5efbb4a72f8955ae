package traces;

import static org.await4j.Await.await;
import static traces.Trace.p;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.await4j.Async;
import org.await4j.Task;
import org.await4j.TaskGroup;
import org.await4j.Tasks;
import org.await4j.sync.Event;

/**
 * task_group_edges.py: a child's failure and a cancel from outside in the same pass (the failure
 * wins, the cancel stays counted); a task started in a group that has ended is refused, never run.
 */
public class TaskGroupEdges {
  @Async
  static Void longChild(String name) {
    try {
      await(Tasks.sleep(Duration.ofSeconds(1)));
    } catch (CancellationException e) {
      p(name, "cancelled");
      throw e;
    }
    return null;
  }

  @Async
  static Void failsWhenSet(Event ev) {
    await(ev.waitUntilSet());
    p("child fails");
    throw new IllegalArgumentException("boom");
  }

  @Async
  static void body(Event ev) {
    try (TaskGroup g = new TaskGroup()) {
      g.start(TaskGroupEdgesAsync.failsWhenSet(ev));
      g.start(TaskGroupEdgesAsync.longChild("sibling"));
      await(Tasks.sleep(Duration.ofSeconds(1)));
      await(g.join());
    } catch (IllegalArgumentException e) {
      List<String> all = new ArrayList<>();
      all.add(e.getMessage());
      p("group raised", all);
      p("cancelling", Task.current().cancelling());
      throw e;
    }
  }

  @Async
  static Void late(String name) {
    p(name, "ran (wrong)");
    return null;
  }

  @Async
  public static void main() {
    Event ev = new Event();
    Task<Void> t = Tasks.spawn(() -> TaskGroupEdgesAsync.body(ev));
    await(Tasks.sleep(Duration.ofMillis(10)));
    ev.set();
    t.cancel(); // in the same pass as the child's failure
    try {
      await(t);
    } catch (Throwable e) {
      String kind = e instanceof CancellationException ? "CancelledError" : "the failure";
      p("task ended with", kind, "cancelled", t.isCancelled());
    }

    TaskGroup ended;
    try (TaskGroup g = new TaskGroup()) {
      ended = g;
      g.spawn(() -> TaskGroupEdgesAsync.longChild("quick")).cancel();
      await(g.join());
    }
    try {
      ended.spawn(() -> TaskGroupEdgesAsync.late("late child"));
    } catch (IllegalStateException e) {
      p("start after the end refused");
    }
    await(Tasks.sleep(Duration.ofMillis(10)));
    p("end");
  }
}
