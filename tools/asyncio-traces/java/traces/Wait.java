package traces;

import static org.await4j.Await.await;
import static traces.Trace.p;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.await4j.Async;
import org.await4j.Task;
import org.await4j.Tasks;
import org.await4j.WaitMode;
import org.await4j.WaitResult;

/** wait.py: Tasks.wait's modes and its timeout; nothing is cancelled. */
public class Wait {
  @Async
  static String child(String name, int millis, boolean fail) {
    await(Tasks.sleep(Duration.ofMillis(millis)));
    if (fail) {
      throw new IllegalArgumentException(name);
    }
    return name;
  }

  static List<String> names(List<Task<String>> tasks, Map<Task<?>, String> order) {
    List<String> out = new ArrayList<>();
    for (Task<String> t : tasks) {
      out.add(order.get(t));
    }
    Collections.sort(out);
    return out;
  }

  static Task<String> spawn(Map<Task<?>, String> order, String name, int millis, boolean fail) {
    Task<String> t = Tasks.spawn(() -> WaitAsync.child(name, millis, fail));
    order.put(t, name);
    return t;
  }

  @Async
  public static void main() {
    Map<Task<?>, String> order = new IdentityHashMap<>();
    Task<String> a = spawn(order, "a", 30, false);
    Task<String> b = spawn(order, "b", 10, false);
    Task<String> c = spawn(order, "c", 50, false);
    WaitResult<String> r = await(Tasks.wait(List.of(a, b, c), WaitMode.FIRST_COMPLETED));
    p("first completed: done", names(r.done(), order), "pending", names(r.pending(), order));

    Task<String> d = spawn(order, "d", 10, true);
    r = await(Tasks.wait(List.of(a, c, d), WaitMode.FIRST_EXCEPTION));
    p("first exception: done", names(r.done(), order), "pending", names(r.pending(), order));
    p("d failed with", d.exception().getMessage());

    r = await(Tasks.wait(List.of(a, c), WaitMode.ALL_COMPLETED, Duration.ofMillis(1)));
    p("timeout: done", names(r.done(), order), "pending", names(r.pending(), order));
    p("c cancelled", c.isCancelled());

    r = await(Tasks.wait(List.of(a, c), WaitMode.ALL_COMPLETED));
    p("all completed: done", names(r.done(), order), "pending", names(r.pending(), order));
    p("results", a.result(), c.result());
  }
}
