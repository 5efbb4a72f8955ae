package traces;

import static org.await4j.Await.await;
import static traces.Trace.p;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.await4j.Async;
import org.await4j.Task;
import org.await4j.Tasks;

/** task_group.py: a child fails (others and body cancelled, failure at the exit); outside cancel. */
public class TaskGroup {
  @Async
  static Void child(String name, int millis, boolean fail) {
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
    return null;
  }

  @Async
  static void groupWithFailure() {
    try (org.await4j.TaskGroup tg = new org.await4j.TaskGroup()) {
      tg.spawn(() -> TaskGroupAsync.child("a", 50, false));
      tg.spawn(() -> TaskGroupAsync.child("b", 10, true));
      tg.spawn(() -> TaskGroupAsync.child("c", 50, false));
      try {
        await(Tasks.sleep(Duration.ofSeconds(1)));
      } catch (CancellationException e) {
        p("body cancelled");
        throw e;
      }
      await(tg.join());
    } catch (IllegalArgumentException e) {
      p("group raised", List.of(e.getMessage()));
    }
  }

  @Async
  static void groupCancelledFromOutside() {
    try (org.await4j.TaskGroup tg = new org.await4j.TaskGroup()) {
      tg.spawn(() -> TaskGroupAsync.child("d", 50, false));
      tg.spawn(() -> TaskGroupAsync.child("e", 50, false));
      await(Tasks.sleep(Duration.ofSeconds(1)));
      await(tg.join());
    } catch (CancellationException e) {
      p("outside cancel reached the body's caller");
      throw e;
    }
  }

  @Async
  public static void main() {
    groupWithFailure();
    Task<Void> t = Tasks.spawn(() -> TaskGroupAsync.groupCancelledFromOutside());
    await(Tasks.sleep(Duration.ofMillis(10)));
    p("cancel", t.cancel());
    try {
      await(t);
    } catch (CancellationException e) {
      p("task cancelled", t.isCancelled());
    }
  }
}
