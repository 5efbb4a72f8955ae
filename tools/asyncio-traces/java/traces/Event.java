package traces;

import static org.await4j.Await.await;
import static traces.Trace.p;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.await4j.Async;
import org.await4j.Task;
import org.await4j.Tasks;

/** event.py: set wakes every waiter in order; a cancelled waiter is skipped; clear. */
public class Event {
  @Async
  static Void waiter(org.await4j.sync.Event e, String name) {
    try {
      await(e.waitUntilSet());
      p(name, "woke; set", e.isSet());
    } catch (CancellationException x) {
      p(name, "cancelled");
      throw x;
    }
    return null;
  }

  @Async
  public static void main() {
    org.await4j.sync.Event e = new org.await4j.sync.Event();
    List<Task<Void>> ts = new ArrayList<>();
    for (String n : List.of("a", "b", "c")) {
      ts.add(Tasks.spawn(() -> EventAsync.waiter(e, n)));
    }
    await(Tasks.yieldNow());
    ts.get(1).cancel();
    e.set();
    e.clear();
    p("set then cleared");
    await(Tasks.allSettled(ts));
    Task<Void> late = Tasks.spawn(() -> EventAsync.waiter(e, "late"));
    await(Tasks.yieldNow());
    p("late done", late.isDone());
    e.set();
    await(late);
  }
}
