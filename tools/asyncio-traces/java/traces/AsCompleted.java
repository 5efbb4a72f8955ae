package traces;

import static org.await4j.Await.await;
import static traces.Trace.p;

import java.time.Duration;
import org.await4j.Async;
import org.await4j.Tasks;

/** as_completed.py: results in completion order, failures where they happen. */
public class AsCompleted {
  @Async
  static String child(String name, int millis, boolean fail) {
    await(Tasks.sleep(Duration.ofMillis(millis)));
    if (fail) {
      throw new IllegalArgumentException(name);
    }
    return name;
  }

  @Async
  public static void main() {
    org.await4j.AsCompleted<String> it = Tasks.asCompleted(
        Tasks.spawn(() -> AsCompletedAsync.child("a", 30, false)),
        Tasks.spawn(() -> AsCompletedAsync.child("b", 10, false)),
        Tasks.spawn(() -> AsCompletedAsync.child("c", 20, true)),
        Tasks.spawn(() -> AsCompletedAsync.child("d", 40, false)));
    while (it.hasNext()) {
      try {
        p("got", await(await(it.next())));
      } catch (IllegalArgumentException e) {
        p("failed", e.getMessage());
      }
    }
  }
}
