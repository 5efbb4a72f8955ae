package org.await4j.sync;

import static org.await4j.sync.Script.onLoop;
import static org.await4j.sync.Script.pass;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.await4j.Task;
import org.junit.jupiter.api.Test;

/** Producers and consumers over bounded queues: thousands of items, random cancellations. */
class QueueStressTest {
  @Test
  void producersAndConsumersOverABoundedQueue() {
    int producers = 8;
    int perProducer = 2_000;
    int consumers = 5;
    int max = 4;
    List<List<Integer>> receivedBy = new ArrayList<>();
    onLoop(() -> {
      AsyncQueue<Integer> q = new AsyncQueue<>(max);
      Random random = new Random(42);
      List<Task<?>> tasks = new ArrayList<>();
      for (int p = 0; p < producers; p++) {
        int base = p * perProducer;
        Script.Step[] steps = new Script.Step[perProducer * 2];
        for (int i = 0; i < perProducer; i++) {
          int item = base + i;
          steps[2 * i] = x -> q.put(item);
          steps[2 * i + 1] = x -> {
            assertTrue(q.size() <= max);
            return random.nextInt(3) == 0 ? pass() : null;
          };
        }
        tasks.add(Script.of(steps).started());
      }
      int total = producers * perProducer;
      int[] taken = {0};
      for (int c = 0; c < consumers; c++) {
        List<Integer> mine = new ArrayList<>();
        receivedBy.add(mine);
        tasks.add(consumer(q, mine, taken, total, random).started());
      }
      return Script.of(x -> q.join(), x -> Script.all(tasks), x -> {
        assertTrue(q.isEmpty());
        return null;
      }).started();
    });
    Set<Integer> all = new HashSet<>();
    for (List<Integer> mine : receivedBy) {
      all.addAll(mine);
      // one consumer sees each producer's items in the order they were put
      for (int i = 1; i < mine.size(); i++) {
        int a = mine.get(i - 1);
        int b = mine.get(i);
        if (a / perProducer == b / perProducer) {
          assertTrue(a < b, a + " before " + b);
        }
      }
    }
    assertEquals(producers * perProducer, all.size());
    assertEquals(producers * perProducer, receivedBy.stream().mapToInt(List::size).sum());
  }

  /** Takes items until {@code total} have been taken by all consumers together. */
  private static Script consumer(AsyncQueue<Integer> q, List<Integer> mine, int[] taken,
      int total, Random random) {
    return Script.of(new Script.Step[] {x -> loopStep(q, mine, taken, total, random)});
  }

  private static Object loopStep(AsyncQueue<Integer> q, List<Integer> mine, int[] taken,
      int total, Random random) {
    if (taken[0] == total) {
      return null;
    }
    taken[0]++;
    // a nested script per item keeps the consumer's body a plain chain of awaits
    return Script.of(x -> q.get(), x -> {
      mine.add((Integer) x);
      q.taskDone();
      return random.nextInt(4) == 0 ? pass() : null;
    }, x -> loopStep(q, mine, taken, total, random)).started();
  }

  @Test
  void randomCancellationsNeitherLoseNorDuplicateNorInventItems() {
    for (long s = 1; s <= 25; s++) {
      long seed = s;
      Random random = new Random(seed);
      int n = 400;
      int max = 1 + random.nextInt(4);
      Set<Integer> putOk = new HashSet<>();
      Set<Integer> putCancelled = new HashSet<>();
      List<Integer> received = new ArrayList<>();
      onLoop(() -> {
        AsyncQueue<Integer> q = random.nextBoolean() ? new AsyncQueue<>(max)
            : random.nextBoolean() ? new AsyncLifoQueue<>(max) : new AsyncPriorityQueue<>(max);
        List<Script> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          int item = i;
          tasks.add(Script.of(x -> q.put(item), x -> {
            putOk.add(item);
            return null;
          }).started());
          tasks.add(Script.of(x -> q.get(), x -> {
            received.add((Integer) x);
            q.taskDone();
            return null;
          }).started());
        }
        List<Task<?>> all = new ArrayList<>(tasks);
        return Script.of(x -> LockTest.cancelOverPasses(tasks, random, 50),
            x -> Script.all(all), x -> pass(), x -> pass(), x -> {
              for (int i = 0; i < n; i++) {
                if (tasks.get(2 * i).isCancelled()) {
                  putCancelled.add(i);
                }
              }
              // what is left in the queue was put by puts that completed
              while (!q.isEmpty()) {
                received.add(q.getNow());
                q.taskDone();
              }
              assertTrue(q.join().isDone(), "seed " + seed);
              assertFalse(q.isFull());
              return null;
            }).started();
      });
      assertEquals(received.size(), new HashSet<>(received).size(), "seed " + seed + ": dup");
      assertTrue(received.containsAll(putOk), "seed " + seed + ": lost");
      for (int item : received) {
        // else a put whose item a getter took in its hand-over window: it stands, cancelled
        assertTrue(putOk.contains(item) || putCancelled.contains(item), "seed " + seed);
      }
    }
  }

  /**
   * Woken getters and putters take their item, or room, when their bodies resume (asyncio's
   * queues), while the loop's own code barges with getNow/putNow and cancels bodies at random,
   * some of them woken and not yet resumed: no item is lost, doubled or invented, and no wake is
   * lost (at the end, every getter still waiting is served by items put for it).
   */
  @Test
  void wakesTakenAtResumptionUnderBargingAndCancelsLoseNothing() {
    for (long s = 1; s <= 25; s++) {
      long seed = s;
      Random random = new Random(seed);
      int max = random.nextInt(4); // 0: unbounded
      List<Integer> putIn = new ArrayList<>();
      List<Integer> received = new ArrayList<>();
      int[] nextItem = {0};
      onLoop(() -> {
        AsyncQueue<Integer> q = random.nextBoolean() ? new AsyncQueue<>(max)
            : random.nextBoolean() ? new AsyncLifoQueue<>(max) : new AsyncPriorityQueue<>(max);
        List<Script> getters = new ArrayList<>();
        List<Script> putters = new ArrayList<>();
        Script.Step[] steps = new Script.Step[200];
        for (int k = 0; k < steps.length; k++) {
          steps[k] = x -> {
            for (int op = 0; op < 4; op++) {
              switch (random.nextInt(6)) {
                case 0 -> getters.add(Script.of(y -> q.get(), y -> {
                  received.add((Integer) y);
                  return null;
                }).started());
                case 1 -> {
                  int item = nextItem[0]++;
                  putters.add(Script.of(y -> q.put(item), y -> {
                    putIn.add(item);
                    return null;
                  }).started());
                }
                case 2 -> {
                  if (!q.isEmpty()) {
                    try {
                      received.add(q.getNow());
                    } catch (QueueEmptyException handedAtOnce) {
                      // every item in the queue is a combinator's: nothing to take
                    }
                  }
                }
                case 3 -> {
                  int item = nextItem[0]++;
                  try {
                    q.putNow(item);
                    putIn.add(item);
                  } catch (QueueFullException full) {
                    // a putter waits, or no room: asyncio's put_nowait would refuse too
                  }
                }
                default -> {
                  List<Script> some = random.nextBoolean() ? getters : putters;
                  if (!some.isEmpty()) { // the newest mostly: some are woken, not resumed
                    some.get(some.size() - 1 - random.nextInt(Math.min(3, some.size()))).cancel();
                  }
                }
              }
            }
            return pass();
          };
        }
        return Script.of(x -> Script.of(steps).started(), x -> pass(), x -> pass(),
            x -> settle(q, getters, putters, putIn, received, seed), x -> {
              while (!q.isEmpty()) {
                received.add(q.getNow());
              }
              return null;
            }).started();
      });
      assertEquals(received.size(), new HashSet<>(received).size(), "seed " + seed + ": dup");
      assertEquals(new HashSet<>(putIn), new HashSet<>(received), "seed " + seed
          + ": what was put is what was received (lost or invented)");
    }
  }

  /**
   * With the loop quiet, no getter waits beside an item and no putter beside free room (a lost
   * wake); then serves each waiting getter with a putNow, and each waiting putter with a getNow,
   * one at a time, a quiet loop in between.
   */
  private static Object settle(AsyncQueue<Integer> q, List<Script> getters, List<Script> putters,
      List<Integer> putIn, List<Integer> received, long seed) {
    boolean getterWaits = getters.stream().anyMatch(g -> !g.isDone());
    boolean putterWaits = putters.stream().anyMatch(p -> !p.isDone());
    if (getterWaits) {
      assertEquals(0, q.size(), "seed " + seed + ": a getter waits beside an item");
      int item = 1_000_000 + putIn.size();
      q.putNow(item);
      putIn.add(item);
    } else if (putterWaits) {
      assertTrue(q.isFull(), "seed " + seed + ": a putter waits beside free room");
      received.add(q.getNow());
    } else {
      return null;
    }
    return Script.of(x -> pass(), x -> pass(),
        x -> settle(q, getters, putters, putIn, received, seed)).started();
  }
}
