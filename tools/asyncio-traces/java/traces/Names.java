package traces;

import static org.await4j.Await.await;
import static traces.Trace.p;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.await4j.Async;
import org.await4j.Task;
import org.await4j.Tasks;

/** names.py: Task-1 is the main task, then creation order; setName; current; allTasks. */
public class Names {
  @Async
  static Void child() {
    p("inside", Task.current().name());
    await(Tasks.sleep(Duration.ofMillis(10)));
    return null;
  }

  static List<String> allNames() {
    List<String> names = new ArrayList<>();
    for (Task<?> t : Tasks.allTasks()) {
      names.add(t.name());
    }
    Collections.sort(names);
    return names;
  }

  @Async
  public static void main() {
    p("current in all_tasks", Tasks.allTasks().contains(Task.current()));
    p("main", Task.current().name());
    Task<Void> a = Tasks.spawn(() -> NamesAsync.child());
    Task<Void> b = Tasks.spawn("named", () -> NamesAsync.child());
    Task<Void> c = Tasks.spawn(() -> NamesAsync.child());
    p(a.name(), b.name(), c.name());
    c.setName("renamed");
    await(Tasks.yieldNow());
    p("all tasks", allNames());
    await(Tasks.all(a, b, c));
    p("all tasks", allNames());
    Task<Void> d = Tasks.spawn(() -> NamesAsync.child());
    p("next", d.name());
    await(d);
  }
}
