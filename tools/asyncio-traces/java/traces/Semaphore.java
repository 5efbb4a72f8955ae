package traces;

import static org.await4j.Await.await;
import static traces.Trace.p;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.await4j.Async;
import org.await4j.Task;
import org.await4j.Tasks;
import org.await4j.sync.BoundedSemaphore;

/** semaphore.py: FIFO; one release wakes one waiter; a cancelled waiter gives its turn on. */
public class Semaphore {
  @Async
  static Void worker(org.await4j.sync.Semaphore sem, String name, int millis) {
    try {
      await(sem.acquire());
      try {
        p(name, "in");
        await(Tasks.sleep(Duration.ofMillis(millis)));
        p(name, "out");
      } finally {
        sem.release();
      }
    } catch (CancellationException e) {
      p(name, "cancelled");
      throw e;
    }
    return null;
  }

  @Async
  public static void main() {
    org.await4j.sync.Semaphore sem = new org.await4j.sync.Semaphore(2);
    List<Task<Void>> tasks = new ArrayList<>();
    String[] names = {"a", "b", "c", "d", "e"};
    int[] holds = {10, 30, 10, 10, 10};
    for (int i = 0; i < names.length; i++) {
      String n = names[i];
      int h = holds[i];
      tasks.add(Tasks.spawn(() -> SemaphoreAsync.worker(sem, n, h)));
    }
    await(Tasks.yieldNow());
    tasks.get(3).cancel();
    await(Tasks.allSettled(tasks));
    p("value", sem.availablePermits());

    BoundedSemaphore b = new BoundedSemaphore(1);
    try {
      b.release();
    } catch (RuntimeException e) {
      p("bounded release raised");
    }
  }
}
