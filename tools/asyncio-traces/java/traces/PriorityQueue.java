package traces;

import static org.await4j.Await.await;
import static traces.Trace.p;

import org.await4j.Async;
import org.await4j.Task;
import org.await4j.Tasks;
import org.await4j.sync.AsyncLifoQueue;
import org.await4j.sync.AsyncPriorityQueue;

/** priority_queue.py: a woken getter gets the best item present when it runs. */
public class PriorityQueue {
  @Async
  static Void getter(AsyncPriorityQueue<Integer> q, String name) {
    p(name, "got", await(q.get()));
    return null;
  }

  @Async
  static Void lifoGetter(AsyncLifoQueue<String> lifo) {
    p("lifo got", await(lifo.get()));
    return null;
  }

  @Async
  public static void main() {
    AsyncPriorityQueue<Integer> q = new AsyncPriorityQueue<>();
    Task<Void> g = Tasks.spawn(() -> PriorityQueueAsync.getter(q, "g"));
    await(Tasks.yieldNow());
    q.putNow(5);
    q.putNow(1);
    q.putNow(3);
    await(g);
    p("left", q.getNow(), q.getNow());

    AsyncLifoQueue<String> lifo = new AsyncLifoQueue<>();
    Task<Void> h = Tasks.spawn(() -> PriorityQueueAsync.getter(q, "h"));
    Task<Void> l = Tasks.spawn(() -> PriorityQueueAsync.lifoGetter(lifo));
    await(Tasks.yieldNow());
    lifo.putNow("first");
    lifo.putNow("second");
    await(l);
    p("lifo left", lifo.getNow());
    q.putNow(9);
    await(h);
  }
}
