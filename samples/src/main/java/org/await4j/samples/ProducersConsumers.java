package org.await4j.samples;

import static org.await4j.Await.await;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import org.await4j.Async;
import org.await4j.EventLoop;
import org.await4j.TaskGroup;
import org.await4j.Tasks;
import org.await4j.Timeout;
import org.await4j.sync.AsyncQueue;

/**
 * asyncio's worker pattern: producers and consumers over a bounded queue inside a task group,
 * the whole run under a timeout, and the consumers cancelled cleanly at the end. All on one
 * thread; {@code put} waits while the queue is full, {@code get} while it is empty.
 */
public class ProducersConsumers {
  final AsyncQueue<String> queue = new AsyncQueue<>(2);
  final long started = System.nanoTime();

  void say(String what) {
    System.out.printf("%5d ms  %s%n", (System.nanoTime() - started) / 1_000_000, what);
  }

  @Async
  void produce(String name, int items) {
    for (int i = 1; i <= items; i++) {
      await(Tasks.sleep(Duration.ofMillis(20)));
      String item = name + "-" + i;
      await(queue.put(item)); // waits while the queue is full
      say(name + " put " + item + " (queue size " + queue.size() + ")");
    }
    say(name + " done");
  }

  @Async
  void consume(String name) {
    try {
      for (;;) {
        String item = await(queue.get()); // waits while the queue is empty
        await(Tasks.sleep(Duration.ofMillis(50))); // slower than the producers: the queue fills
        say(name + " handled " + item);
        queue.taskDone();
      }
    } catch (CancellationException e) {
      say(name + " cancelled, cleaning up");
      throw e;
    }
  }

  @Async
  String run() throws TimeoutException {
    try (Timeout deadline = Timeout.after(Duration.ofSeconds(5))) {
      try (TaskGroup producers = new TaskGroup()) {
        producers.start(ProducersConsumersAsync.produce(this, "p1", 4));
        producers.start(ProducersConsumersAsync.produce(this, "p2", 4));
        TaskGroup consumers = new TaskGroup();
        consumers.start(ProducersConsumersAsync.consume(this, "c1"));
        consumers.start(ProducersConsumersAsync.consume(this, "c2"));
        await(producers.join()); // every item is in the queue
        await(queue.join()); // every item is handled
        say("all items handled; cancelling the consumers");
        consumers.cancel();
        await(Tasks.allSettled(consumers.join()));
      }
    }
    return "finished cleanly";
  }

  public static void main(String[] args) throws Exception {
    ProducersConsumers sample = new ProducersConsumers();
    sample.say(EventLoop.run(() -> ProducersConsumersAsync.run(sample)));
  }
}
