package traces;

import static org.await4j.Await.await;
import static traces.Trace.p;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import org.await4j.Async;
import org.await4j.Task;
import org.await4j.Tasks;

/**
 * wait_for.py: Tasks.withTimeout cancels the task and waits for its cleanup; a timeout of zero
 * (or less) cancels at once.
 */
public class WaitFor {
  @Async
  static String slow(String name, int millis) {
    try {
      await(Tasks.sleep(Duration.ofMillis(millis)));
      p(name, "finished");
      return name;
    } catch (CancellationException e) {
      p(name, "cancelled, cleaning up");
      await(Tasks.sleep(Duration.ofMillis(1)));
      p(name, "cleanup done");
      throw e;
    }
  }

  @Async
  static String swallow() {
    try {
      await(Tasks.sleep(Duration.ofSeconds(1)));
    } catch (CancellationException e) {
      p("swallower swallowed");
      return "kept";
    }
    return null;
  }

  @Async
  public static void main() {
    Task<String> t = Tasks.spawn(() -> WaitForAsync.slow("one", 1000));
    try {
      Tasks.withTimeout(t, Duration.ofMillis(10));
    } catch (TimeoutException e) {
      p("timeout; inner cancelled", t.isCancelled());
    }
    try {
      p("in time:", Tasks.withTimeout(WaitForAsync.slow("two", 1), Duration.ofSeconds(1)));
    } catch (TimeoutException e) {
      p("unexpected timeout");
    }
    try {
      p("swallowed timeout gives",
          Tasks.withTimeout(WaitForAsync.swallow(), Duration.ofMillis(10)));
    } catch (TimeoutException e) {
      p("swallowed timeout raised TimeoutError");
    }

    for (int timeout : new int[] {0, -1}) {
      Task<String> u = Tasks.spawn(() -> WaitForAsync.slow("never started", 1000));
      try {
        Tasks.withTimeout(u, Duration.ofSeconds(timeout));
      } catch (TimeoutException e) {
        p("timeout", timeout, "cancelled at once", u.isCancelled());
      }
    }
    Task<String> done = Tasks.spawn(() -> WaitForAsync.slow("quick", 1));
    await(Tasks.sleep(Duration.ofMillis(10)));
    try {
      p("timeout 0 of a done task:", Tasks.withTimeout(done, Duration.ZERO));
    } catch (TimeoutException e) {
      p("unexpected timeout");
    }
  }
}
