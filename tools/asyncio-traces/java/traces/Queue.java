package traces;

import static org.await4j.Await.await;
import static traces.Trace.p;

import java.util.concurrent.CancellationException;
import org.await4j.Async;
import org.await4j.Task;
import org.await4j.Tasks;
import org.await4j.sync.AsyncQueue;

/** queue.py: waiting getters in order, an item put for a waiting getter, a cancelled getter. */
public class Queue {
  @Async
  static Void getter(AsyncQueue<String> q, String name) {
    try {
      String item = await(q.get());
      p(name, "got", item);
      return null;
    } catch (CancellationException e) {
      p(name, "cancelled");
      throw e;
    }
  }

  @Async
  static Void putter(AsyncQueue<Integer> small, int v) {
    await(small.put(v));
    p("put", v);
    return null;
  }

  @Async
  public static void main() {
    AsyncQueue<String> q = new AsyncQueue<>();
    Task<Void> g1 = Tasks.spawn(() -> QueueAsync.getter(q, "g1"));
    Task<Void> g2 = Tasks.spawn(() -> QueueAsync.getter(q, "g2"));
    Task<Void> g3 = Tasks.spawn(() -> QueueAsync.getter(q, "g3"));
    await(Tasks.yieldNow());
    q.putNow("x");
    p("after put: qsize", q.size());
    p("get_nowait takes", q.getNow());
    q.putNow("y");
    g1.cancel();
    await(Tasks.yieldNow());
    p("qsize", q.size());
    q.putNow("z");
    await(Tasks.yieldNow());
    await(Tasks.yieldNow());
    p("qsize", q.size(), "g2 done", g2.isDone(), "g3 done", g3.isDone());
    await(Tasks.all(g2, g3));

    AsyncQueue<Integer> small = new AsyncQueue<>(1);
    await(small.put(1));
    Task<Void> put = Tasks.spawn(() -> QueueAsync.putter(small, 2));
    await(Tasks.yieldNow());
    p("full", small.isFull(), "put done", put.isDone());
    p("get", small.getNow());
    p("qsize", small.size());
    await(put);
    p("get", await(small.get()));
  }
}
