package traces;

import static org.await4j.Await.await;
import static traces.Trace.p;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.await4j.Async;
import org.await4j.Task;
import org.await4j.Tasks;

/**
 * condition.py: a signal wakes the longest waiter; woken waiters take the lock back in turn; a
 * cancelled waiter takes the lock back before its task sees the cancellation.
 */
public class Condition {
  @Async
  static Void waiter(org.await4j.sync.Condition cond, String name) {
    await(cond.acquire());
    try {
      try {
        await(cond.waitUntilSignalled());
        p(name, "woke, locked", cond.isLocked());
      } catch (CancellationException e) {
        p(name, "cancelled, holds lock", cond.isLocked());
        throw e;
      }
    } finally {
      cond.release();
    }
    return null;
  }

  @Async
  static Void consumer(org.await4j.sync.Condition cond, List<String> items) {
    await(cond.acquire());
    try {
      await(cond.waitUntil(() -> !items.isEmpty()));
      p("consumer got", items.remove(items.size() - 1));
    } finally {
      cond.release();
    }
    return null;
  }

  @Async
  public static void main() {
    org.await4j.sync.Condition cond = new org.await4j.sync.Condition();
    List<Task<Void>> ts = new ArrayList<>();
    for (String n : List.of("a", "b", "c", "d")) {
      ts.add(Tasks.spawn(() -> ConditionAsync.waiter(cond, n)));
    }
    await(Tasks.yieldNow());
    await(cond.acquire());
    try {
      cond.signal(1);
      p("notified one");
    } finally {
      cond.release();
    }
    await(Tasks.yieldNow());
    ts.get(2).cancel();
    await(cond.acquire());
    try {
      cond.signalAll();
      p("notified all");
    } finally {
      cond.release();
    }
    await(Tasks.allSettled(ts));

    List<String> items = new ArrayList<>();
    Task<Void> c = Tasks.spawn(() -> ConditionAsync.consumer(cond, items));
    await(Tasks.yieldNow());
    await(cond.acquire());
    try {
      cond.signalAll();
    } finally {
      cond.release();
    }
    await(Tasks.yieldNow());
    p("consumer waits on", !c.isDone());
    await(cond.acquire());
    try {
      items.add("item");
      cond.signalAll();
    } finally {
      cond.release();
    }
    await(c);
  }
}
