package traces;

import static org.await4j.Await.await;
import static traces.Trace.p;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import org.await4j.Async;
import org.await4j.EventLoop;
import org.await4j.Task;
import org.await4j.Tasks;

/** sleep_zero.py: Tasks.sleep(ZERO) (or less) is asyncio's sleep(0), a yield, not a timer. */
public class SleepZero {
  @Async
  static Void sleepsZero(String name) {
    for (int i = 0; i < 3; i++) {
      p(name, i);
      await(Tasks.sleep(Duration.ZERO));
    }
    return null;
  }

  @Async
  static Void sleepsNegative(String name) {
    for (int i = 0; i < 3; i++) {
      p(name, i);
      await(Tasks.sleep(Duration.ofSeconds(-1)));
    }
    return null;
  }

  @Async
  static Void yields(String name) {
    for (int i = 0; i < 3; i++) {
      p(name, i);
      await(Tasks.yieldNow());
    }
    return null;
  }

  @Async
  static void spins() {
    try {
      while (true) {
        await(Tasks.sleep(Duration.ZERO));
      }
    } catch (CancellationException e) {
      p("cancelled at sleep(0)");
      throw e;
    }
  }

  @Async
  public static void main() {
    Task<Void> a = Tasks.spawn(() -> SleepZeroAsync.sleepsZero("sleep(0)"));
    Task<Void> b = Tasks.spawn(() -> SleepZeroAsync.yields("yield"));
    Task<Void> c = Tasks.spawn(() -> SleepZeroAsync.sleepsNegative("sleep(-1)"));
    EventLoop.current().callLater(Duration.ZERO, () -> p("timer of 0"));
    await(Tasks.all(a, b, c));

    Task<Void> t = Tasks.spawn(() -> SleepZeroAsync.spins());
    await(Tasks.sleep(Duration.ZERO));
    await(Tasks.sleep(Duration.ZERO));
    t.cancel();
    try {
      await(t);
    } catch (CancellationException e) {
      p("spinner cancelled", t.isCancelled());
    }
  }
}
