package traces;

import static org.await4j.Await.await;
import static traces.Trace.p;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import org.await4j.Async;
import org.await4j.Task;
import org.await4j.Tasks;
import org.await4j.Timeout;

/** timeout_scopes.py: Timeout cancels its body and converts at its exit; nested scopes. */
public class TimeoutScopes {
  @Async
  public static void main() {
    try (Timeout t = Timeout.after(Duration.ofMillis(10))) {
      try {
        await(Tasks.sleep(Duration.ofSeconds(1)));
      } catch (CancellationException e) {
        p("body cancelled");
        throw e;
      } finally {
        p("body finally");
      }
    } catch (TimeoutException e) {
      p("scope raised TimeoutError");
    }

    try (Timeout outer = Timeout.after(Duration.ofMillis(10))) {
      try (Timeout inner = Timeout.after(Duration.ofSeconds(1))) {
        await(Tasks.sleep(Duration.ofSeconds(1)));
      } catch (TimeoutException e) {
        p("inner caught the outer deadline (wrong)");
      } catch (CancellationException e) {
        p("inner scope let the outer cancellation through");
        throw e;
      }
    } catch (TimeoutException e) {
      p("outer scope raised TimeoutError");
    }

    try (Timeout t = Timeout.after(Duration.ofMillis(10))) {
      try {
        await(Tasks.sleep(Duration.ofSeconds(1)));
      } catch (CancellationException e) {
        p("body swallowed");
      }
    } catch (TimeoutException e) {
      p("raised though swallowed");
    }
    p("left normally; cancelling", Task.current().cancelling());

    try (Timeout cm = Timeout.withoutDeadline()) {
      p("no deadline", cm.when().isPresent() ? cm.when().getAsLong() : null);
      cm.reschedule(Duration.ofMillis(10));
      p("deadline set", cm.when().isPresent());
      try {
        await(Tasks.sleep(Duration.ofSeconds(1)));
      } catch (CancellationException e) {
        p("rescheduled deadline cancelled the body");
        throw e;
      }
    } catch (TimeoutException e) {
      p("rescheduled scope raised TimeoutError");
    }

    try (Timeout t = Timeout.after(Duration.ZERO)) {
      p("zero deadline: body runs up to its first await");
      await(Tasks.yieldNow());
      p("unreached");
    } catch (TimeoutException e) {
      p("zero deadline raised TimeoutError");
    }

    try (Timeout cm = Timeout.after(Duration.ofMillis(10))) {
      cm.reschedule(null);
      await(Tasks.sleep(Duration.ofMillis(20)));
      p("dropped deadline: slept through");
    } catch (TimeoutException e) {
      p("dropped deadline raised TimeoutError");
    }
  }
}
