package traces;

import static org.await4j.Await.await;
import static traces.Trace.p;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import org.await4j.Async;
import org.await4j.Task;
import org.await4j.Tasks;

/** shield.py: the awaiting task is cancelled, the shielded one runs on. */
public class Shield {
  @Async
  static String inner() {
    p("inner start");
    await(Tasks.sleep(Duration.ofMillis(20)));
    p("inner end");
    return "inner value";
  }

  @Async
  static String outer(Task<String> t) {
    try {
      return await(Tasks.shield(t));
    } catch (CancellationException e) {
      p("outer cancelled; inner done", t.isDone());
      throw e;
    }
  }

  @Async
  public static void main() {
    Task<String> t = Tasks.spawn(() -> ShieldAsync.inner());
    Task<String> o = Tasks.spawn(() -> ShieldAsync.outer(t));
    await(Tasks.sleep(Duration.ofMillis(10)));
    p("cancel outer", o.cancel());
    try {
      await(o);
    } catch (CancellationException e) {
      p("outer task cancelled", o.isCancelled());
    }
    p("inner cancelled", t.isCancelled());
    p("inner gives", await(t));
  }
}
