package traces;

import static org.await4j.Await.await;
import static traces.Trace.p;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.await4j.Async;
import org.await4j.Task;
import org.await4j.Tasks;

/** lock.py: FIFO hand-off; a waiter cancelled while waiting is skipped. */
public class Lock {
  @Async
  static Void worker(org.await4j.sync.Lock lock, String name) {
    try {
      await(lock.acquire());
      try {
        p(name, "holds");
        await(Tasks.yieldNow());
        p(name, "releases");
      } finally {
        lock.release();
      }
    } catch (CancellationException e) {
      p(name, "cancelled");
      throw e;
    }
    return null;
  }

  @Async
  public static void main() {
    org.await4j.sync.Lock lock = new org.await4j.sync.Lock();
    await(lock.acquire());
    List<Task<Void>> tasks = new ArrayList<>();
    for (String n : List.of("w1", "w2", "w3", "w4")) {
      tasks.add(Tasks.spawn(() -> LockAsync.worker(lock, n)));
    }
    await(Tasks.yieldNow());
    tasks.get(1).cancel();
    p("main releases; locked", lock.isLocked());
    lock.release();
    await(Tasks.allSettled(tasks));
    p("locked", lock.isLocked());
  }
}
