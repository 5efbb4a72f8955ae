package traces;

import static org.await4j.Await.await;
import static traces.Trace.p;

import java.time.Duration;
import java.util.function.Consumer;
import org.await4j.Async;
import org.await4j.EventLoop;
import org.await4j.Task;
import org.await4j.Tasks;
import org.await4j.TimerHandle;

/**
 * callbacks.py: call_soon order, callLater(0) and timers in deadline order, done callbacks
 * scheduled (never inline), also when added to a done task.
 */
public class Callbacks {
  @Async
  static Integer child() {
    p("child runs");
    return 1;
  }

  @Async
  public static void main() {
    EventLoop loop = EventLoop.current();
    loop.callLater(Duration.ofMillis(20), () -> p("later 20"));
    loop.callLater(Duration.ofMillis(10), () -> p("later 10"));
    loop.callLater(Duration.ZERO, () -> p("later 0"));
    loop.execute(() -> p("soon 1"));
    TimerHandle h = loop.callLater(Duration.ofMillis(15), () -> p("cancelled timer"));
    loop.execute(() -> p("soon 2"));
    h.cancel();
    p("main before yield");
    await(Tasks.yieldNow());
    p("main after yield");
    Task<Integer> t = Tasks.spawn(() -> CallbacksAsync.child());
    t.addDoneCallback(x -> p("done callback 1", x.result()));
    t.addDoneCallback(x -> p("done callback 2"));
    Consumer<Task<Integer>> cb = x -> p("removed callback");
    t.addDoneCallback(cb);
    p("removed", t.removeDoneCallback(cb));
    await(t);
    p("main after await");
    t.addDoneCallback(x -> p("added when done"));
    p("added, not run yet");
    await(Tasks.sleep(Duration.ofMillis(30)));
    p("main end");
  }
}
