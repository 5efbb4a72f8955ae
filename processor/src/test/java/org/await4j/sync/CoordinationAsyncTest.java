package org.await4j.sync;

import static com.google.common.truth.Truth.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Event, Condition and Barrier from @Async bodies compiled by the processor. */
class CoordinationAsyncTest {
  static final String SOURCE = """
      package coord;

      import java.util.ArrayDeque;
      import java.util.ArrayList;
      import java.util.List;
      import java.util.concurrent.CancellationException;
      import org.await4j.Async;
      import org.await4j.Task;
      import org.await4j.sync.Barrier;
      import org.await4j.sync.Condition;
      import org.await4j.sync.Event;
      import org.await4j.sync.Lock;
      import static org.await4j.Await.await;

      public class Coordination {
        public final List<String> log = new ArrayList<>();
        final Lock lock = new Lock();
        final Condition notEmpty = new Condition(lock);
        final Condition notFull = new Condition(lock);
        final ArrayDeque<Integer> buffer = new ArrayDeque<>();
        final int capacity = 3;
        int most;

        // ---- a bounded buffer over two conditions that share one lock ----

        @Async void put(int item) {
          await(lock.acquire());
          try {
            await(notFull.waitUntil(() -> buffer.size() < capacity));
            buffer.add(item);
            most = Math.max(most, buffer.size());
            notEmpty.signal();
          } finally {
            lock.release();
          }
        }

        @Async int take() {
          await(lock.acquire());
          try {
            await(notEmpty.waitUntil(() -> !buffer.isEmpty()));
            int item = buffer.poll();
            notFull.signal();
            return item;
          } finally {
            lock.release();
          }
        }

        @Async void produce(int from, int count) {
          for (int i = from; i < from + count; i++) {
            put(i);
          }
        }

        @Async List<Integer> consume(int count) {
          List<Integer> got = new ArrayList<>();
          for (int i = 0; i < count; i++) {
            got.add(take());
            if (i % 4 == 0) {
              await(Yield.now());
            }
          }
          return got;
        }

        @Async List<List<Integer>> boundedBuffer(int producers, int perProducer, int consumers) {
          List<Task<List<Integer>>> taking = new ArrayList<>();
          for (int c = 0; c < consumers; c++) {
            taking.add(CoordinationAsync.consume(this, producers * perProducer / consumers));
          }
          List<Task<Void>> putting = new ArrayList<>();
          for (int p = 0; p < producers; p++) {
            putting.add(CoordinationAsync.produce(this, p * perProducer, perProducer));
          }
          List<List<Integer>> all = new ArrayList<>();
          for (Task<List<Integer>> t : taking) {
            all.add(await(t));
          }
          for (Task<Void> t : putting) {
            await(t);
          }
          if (most > capacity || !buffer.isEmpty() || lock.isLocked()) {
            throw new AssertionError(most + " " + buffer + " " + lock);
          }
          return all;
        }

        // ---- cancellation of a condition wait ----

        @Async void waitForSignal(String name) {
          await(lock.acquire());
          try {
            await(notEmpty.waitUntilSignalled());
            log.add(name + " woke");
          } catch (CancellationException e) {
            log.add(name + " cancelled, holding the lock: " + lock.isLocked());
            throw e;
          } finally {
            lock.release();
          }
        }

        @Async List<String> cancelledConditionWait() {
          Task<Void> a = CoordinationAsync.waitForSignal(this, "a");
          Task<Void> b = CoordinationAsync.waitForSignal(this, "b");
          Task<Void> c = CoordinationAsync.waitForSignal(this, "c");
          await(lock.acquire());
          c.cancel();          // waiting for a signal: it takes the lock back first
          notEmpty.signal();   // a
          a.cancel();          // signalled: a's signal goes on to b
          log.add("releasing");
          lock.release();
          for (Task<Void> t : List.of(a, b, c)) {
            try {
              await(t);
            } catch (CancellationException expected) {
            }
          }
          log.add("locked at the end: " + lock.isLocked());
          return log;
        }

        // ---- a start gate ----

        @Async void runner(Event start, String name) {
          log.add(name + " ready");
          await(start.waitUntilSet());
          log.add(name + " runs");
        }

        @Async List<String> startGate() {
          Event start = new Event();
          List<Task<Void>> runners = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            runners.add(CoordinationAsync.runner(this, start, "r" + i));
          }
          await(Yield.now());
          log.add("go");
          start.set();
          for (Task<Void> r : runners) {
            await(r);
          }
          await(start.waitUntilSet());   // stays set
          return log;
        }

        // ---- phases ----

        int[] finished;

        @Async void phases(Barrier barrier, int id, int rounds) {
          for (int r = 0; r < rounds; r++) {
            for (int y = 0; y < (id + r) % 3; y++) {
              await(Yield.now());
            }
            finished[r]++;
            int index = await(barrier.arriveAndWait());
            if (finished[r] != barrier.parties()) {
              throw new AssertionError("left round " + r + " early");
            }
            if (index == barrier.parties() - 1) {
              log.add("round " + r + " filled by " + id);
            }
          }
        }

        @Async List<String> rounds(int parties, int rounds) {
          finished = new int[rounds];
          Barrier barrier = new Barrier(parties);
          List<Task<Void>> tasks = new ArrayList<>();
          for (int i = 0; i < parties; i++) {
            tasks.add(CoordinationAsync.phases(this, barrier, i, rounds));
          }
          for (Task<Void> t : tasks) {
            await(t);
          }
          return log;
        }
      }
      """;

  static AsyncSource source;

  @BeforeAll
  static void compile() {
    source = new AsyncSource("coord.Coordination", SOURCE);
  }

  @Test
  void aBoundedBufferOverTwoConditions() {
    int producers = 4;
    int perProducer = 600;
    int consumers = 3;
    Object self = source.create("coord.Coordination");
    @SuppressWarnings("unchecked")
    List<List<Integer>> got =
        (List<List<Integer>>) source.run(self, "boundedBuffer", producers, perProducer, consumers);
    List<Integer> all = new ArrayList<>();
    got.forEach(all::addAll);
    assertThat(all).hasSize(producers * perProducer);
    assertThat(new java.util.HashSet<>(all)).hasSize(producers * perProducer);
  }

  @Test
  void aCancelledConditionWaitTakesTheLockBackAndPassesItsSignalOn() {
    Object self = source.create("coord.Coordination");
    assertThat((List<?>) source.run(self, "cancelledConditionWait")).containsExactly(
        "releasing",
        "c cancelled, holding the lock: true",
        "a cancelled, holding the lock: true",
        "b woke",
        "locked at the end: false").inOrder();
  }

  @Test
  void anEventStartsEveryWaiterInOrder() {
    Object self = source.create("coord.Coordination");
    assertThat((List<?>) source.run(self, "startGate")).containsExactly(
        "r0 ready", "r1 ready", "r2 ready", "go", "r0 runs", "r1 runs", "r2 runs").inOrder();
  }

  @Test
  void aBarrierKeepsTasksInStep() {
    Object self = source.create("coord.Coordination");
    List<?> log = (List<?>) source.run(self, "rounds", 5, 50);
    assertThat(log).hasSize(50);
    for (int r = 0; r < 50; r++) {
      assertThat((String) log.get(r)).startsWith("round " + r + " filled by ");
    }
  }
}
