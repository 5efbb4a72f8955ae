package org.await4j.sync;

import static com.google.common.truth.Truth.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The queues from @Async bodies compiled by the processor: asyncio's producer/consumer idioms. */
class QueueAsyncTest {
  static final String SOURCE = """
      package queues;

      import java.util.ArrayList;
      import java.util.HashMap;
      import java.util.List;
      import java.util.Map;
      import java.util.concurrent.CancellationException;
      import org.await4j.Async;
      import org.await4j.Task;
      import org.await4j.sync.AsyncPriorityQueue;
      import org.await4j.sync.AsyncQueue;
      import org.await4j.sync.QueueEmptyException;
      import org.await4j.sync.QueueFullException;
      import static org.await4j.Await.await;

      public class Pipeline {
        public final List<String> log = new ArrayList<>();
        public final Map<String, List<Integer>> received = new HashMap<>();
        int biggest;

        @Async void produce(AsyncQueue<Integer> q, int from, int count) {
          for (int i = from; i < from + count; i++) {
            await(q.put(i));
            biggest = Math.max(biggest, q.size());
            if (i % 5 == 0) {
              await(Yield.now());
            }
          }
        }

        /** asyncio's worker: loops until cancelled, marks every item done. */
        @Async void consume(String name, AsyncQueue<Integer> q) {
          List<Integer> mine = new ArrayList<>();
          received.put(name, mine);
          try {
            while (true) {
              int item = await(q.get());
              try {
                mine.add(item);
                if (item % 3 == 0) {
                  await(Yield.now());
                }
              } finally {
                q.taskDone();
              }
            }
          } catch (CancellationException e) {
            log.add(name + " stopped");
            throw e;
          }
        }

        /** Producers and consumers over a bounded queue; join, then cancel the consumers. */
        @Async int run(int producers, int perProducer, int consumers, int maxSize) {
          AsyncQueue<Integer> q = new AsyncQueue<>(maxSize);
          List<Task<Void>> workers = new ArrayList<>();
          for (int c = 0; c < consumers; c++) {
            workers.add(PipelineAsync.consume(this, "c" + c, q));
          }
          List<Task<Void>> producing = new ArrayList<>();
          for (int p = 0; p < producers; p++) {
            producing.add(PipelineAsync.produce(this, q, p * perProducer, perProducer));
          }
          for (Task<Void> t : producing) {
            await(t);
          }
          await(q.join());
          log.add("joined, size " + q.size());
          for (Task<Void> w : workers) {
            w.cancel();
          }
          for (Task<Void> w : workers) {
            try {
              await(w);
            } catch (CancellationException expected) {
            }
          }
          return biggest;
        }

        @Async String takeOne(AsyncQueue<String> q) {
          return await(q.get());
        }

        /** A getter cancelled while waiting, one cancelled after an item was handed to it. */
        @Async List<String> cancelledGetters() {
          AsyncQueue<String> q = new AsyncQueue<>();
          Task<String> a = PipelineAsync.takeOne(this, q);
          Task<String> b = PipelineAsync.takeOne(this, q);
          Task<String> c = PipelineAsync.takeOne(this, q);
          a.cancel();
          q.putNow("x");   // to b, which has not resumed yet
          b.cancel();      // so x goes on to c
          q.putNow("y");
          for (Task<String> t : List.of(a, b, c)) {
            try {
              log.add("got " + await(t));
            } catch (CancellationException e) {
              log.add("cancelled");
            }
          }
          log.add("left " + q.getNow() + ", size " + q.size());
          return log;
        }

        @Async void putOne(AsyncQueue<String> q, String item) {
          await(q.put(item));
          log.add("put " + item);
        }

        /** A putter cancelled while waiting, one cancelled after room was reserved for it. */
        @Async List<String> cancelledPutters() {
          AsyncQueue<String> q = new AsyncQueue<>(1);
          q.putNow("a");
          Task<Void> b = PipelineAsync.putOne(this, q, "b");
          Task<Void> c = PipelineAsync.putOne(this, q, "c");
          Task<Void> d = PipelineAsync.putOne(this, q, "d");
          b.cancel();
          log.add("took " + q.getNow());   // the room goes to c: its item enters
          try {
            q.putNow("x");
          } catch (QueueFullException e) {
            log.add("full: the room is c's");
          }
          c.cancel();     // before c's body resumed: c's item comes out, the room goes to d
          for (Task<Void> t : List.of(b, c, d)) {
            try {
              await(t);
            } catch (CancellationException e) {
              log.add("cancelled");
            }
          }
          log.add("took " + q.getNow());
          try {
            q.getNow();
          } catch (QueueEmptyException e) {
            log.add("empty");
          }
          return log;
        }

        @Async List<String> byPriority() {
          AsyncPriorityQueue<String> q = new AsyncPriorityQueue<>(2);
          Task<Void> producer = PipelineAsync.putAll(this, q, List.of("m", "z", "a", "k"));
          await(Yield.now());
          List<String> out = new ArrayList<>();
          while (out.size() < 4) {
            out.add(await(q.get()));
          }
          await(producer);
          return out;
        }

        @Async void putAll(AsyncQueue<String> q, List<String> items) {
          for (String s : items) {
            await(q.put(s));
          }
        }
      }
      """;

  static AsyncSource source;

  @BeforeAll
  static void compile() {
    source = new AsyncSource("queues.Pipeline", SOURCE);
  }

  @Test
  void producersAndConsumersOverABoundedQueue() throws Exception {
    int producers = 6;
    int perProducer = 1_500;
    int consumers = 4;
    int maxSize = 5;
    Object pipeline = source.create("queues.Pipeline");
    Object biggest = source.run(pipeline, "run", producers, perProducer, consumers, maxSize);
    assertThat((Integer) biggest).isAtMost(maxSize);
    @SuppressWarnings("unchecked")
    Map<String, List<Integer>> received =
        (Map<String, List<Integer>>) pipeline.getClass().getField("received").get(pipeline);
    Set<Integer> all = new HashSet<>();
    int count = 0;
    for (List<Integer> mine : received.values()) {
      all.addAll(mine);
      count += mine.size();
      for (int i = 1; i < mine.size(); i++) { // FIFO: each producer's items in order
        if (mine.get(i - 1) / perProducer == mine.get(i) / perProducer) {
          assertThat(mine.get(i - 1)).isLessThan(mine.get(i));
        }
      }
    }
    assertThat(count).isEqualTo(producers * perProducer);
    assertThat(all).hasSize(producers * perProducer);
    @SuppressWarnings("unchecked")
    List<String> log = (List<String>) pipeline.getClass().getField("log").get(pipeline);
    assertThat(log).containsExactly("joined, size 0", "c0 stopped", "c1 stopped", "c2 stopped",
        "c3 stopped").inOrder();
  }

  @Test
  void cancelledGettersTakeNoItem() {
    Object pipeline = source.create("queues.Pipeline");
    assertThat((List<?>) source.run(pipeline, "cancelledGetters"))
        .containsExactly("cancelled", "cancelled", "got x", "left y, size 0").inOrder();
  }

  @Test
  void cancelledPuttersPutNoItem() {
    Object pipeline = source.create("queues.Pipeline");
    assertThat((List<?>) source.run(pipeline, "cancelledPutters")).containsExactly(
        "took a", "full: the room is c's", "put d", "cancelled", "cancelled", "took d", "empty")
        .inOrder();
  }

  @Test
  void aPriorityQueueBetweenTasks() {
    Object pipeline = source.create("queues.Pipeline");
    // the producer fills the queue (m, z) and waits with a; taking m wakes it, but a goes in
    // only when the producer's body resumes, after the consumer's step, which takes m and z:
    // as CPython 3.11 gives for the same program (['m', 'z', 'a', 'k'])
    assertThat((List<?>) source.run(pipeline, "byPriority"))
        .containsExactly("m", "z", "a", "k").inOrder();
  }

}
