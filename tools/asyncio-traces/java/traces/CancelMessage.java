package traces;

import static org.await4j.Await.await;
import static traces.Trace.p;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import org.await4j.Async;
import org.await4j.Task;
import org.await4j.Tasks;

/** cancel_message.py: cancel(message), cancelling(), uncancel(), a forwarded cancel swallowed. */
public class CancelMessage {
  @Async
  static Void sleeper() {
    await(Tasks.sleep(Duration.ofSeconds(1)));
    return null;
  }

  @Async
  static String swallower() {
    try {
      await(Tasks.sleep(Duration.ofSeconds(1)));
    } catch (CancellationException e) {
      p("swallower saw", e.getMessage());
      return "swallowed value";
    }
    return null;
  }

  @Async
  static String awaits(Task<String> t) {
    String v = await(t);
    p("awaiter got", v);
    return v;
  }

  @Async
  public static void main() {
    Task<Void> t = Tasks.spawn(() -> CancelMessageAsync.sleeper());
    await(Tasks.yieldNow());
    p("cancel", t.cancel("stop now"));
    p("cancel again", t.cancel("twice"));
    p("cancelling", t.cancelling());
    try {
      await(t);
    } catch (CancellationException e) {
      p("awaiter caught", e.getMessage());
    }
    p("cancelled", t.isCancelled(), "cancel done task", t.cancel());

    Task<String> s = Tasks.spawn(() -> CancelMessageAsync.swallower());
    Task<String> w = Tasks.spawn(() -> CancelMessageAsync.awaits(s));
    await(Tasks.yieldNow());
    p("cancel awaiter", w.cancel("forwarded"));
    p("awaiter result", await(w), "cancelled", w.isCancelled(), "cancelling", w.cancelling());

    Task<?> me = Task.current();
    p("cancelling", me.cancelling());
    me.cancel();
    p("cancelling", me.cancelling(), "uncancel", me.uncancel(), "cancelling", me.cancelling());
    try {
      await(Tasks.yieldNow());
      p("sleep went through");
    } catch (CancellationException e) {
      p("the cancel already on its way arrived");
    }
  }
}
