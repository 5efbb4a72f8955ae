package traces;

import static org.await4j.Await.await;
import static traces.Trace.p;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import org.await4j.Async;
import org.await4j.Task;
import org.await4j.Tasks;

/** gather.py: Tasks.all with a failing child, a child cancelled on its own, cancelled itself. */
public class Gather {
  @Async
  static String child(String name, int millis, boolean fail) {
    p(name, "start");
    try {
      await(Tasks.sleep(Duration.ofMillis(millis)));
    } catch (CancellationException e) {
      p(name, "cancelled");
      throw e;
    }
    if (fail) {
      p(name, "fails");
      throw new IllegalArgumentException(name);
    }
    p(name, "end");
    return name;
  }

  @Async
  public static void main() {
    Task<String> a = Tasks.spawn(() -> GatherAsync.child("a", 10, true));
    Task<String> b = Tasks.spawn(() -> GatherAsync.child("b", 20, false));
    try {
      await(Tasks.all(a, b));
    } catch (IllegalArgumentException e) {
      p("gather raised", e.getMessage());
    }
    p("b done", b.isDone());
    p("b result", await(b));

    Task<String> c = Tasks.spawn(() -> GatherAsync.child("c", 50, false));
    Task<String> d = Tasks.spawn(() -> GatherAsync.child("d", 10, false));
    Task<?> g = Tasks.all(c, d);
    await(Tasks.yieldNow());
    p("cancel c", c.cancel());
    try {
      await(g);
    } catch (CancellationException e) {
      p("gather raised cancellation");
    }
    p("d done", d.isDone());
    p("d result", await(d));

    Task<String> e = Tasks.spawn(() -> GatherAsync.child("e", 50, false));
    Task<String> f = Tasks.spawn(() -> GatherAsync.child("f", 50, false));
    g = Tasks.all(e, f);
    await(Tasks.yieldNow());
    p("cancel gather", g.cancel());
    try {
      await(g);
    } catch (CancellationException x) {
      p("awaiting the gather raised cancellation");
    }
    p("e cancelled", e.isCancelled(), "f cancelled", f.isCancelled());
  }
}
