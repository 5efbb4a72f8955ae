package org.await4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.await4j.Machines.AwaitOnce;
import org.junit.jupiter.api.Test;

/**
 * Machines of several loops join one task's chain at once, on their own threads, while it is
 * completed: by another thread, by one of the loops, or by the only loop that waits, in the middle
 * of its own waiters joining. Every waiter resumes exactly once, and the waiters of each loop that
 * really waited resume in the order they began to wait (the ring of Task.after, the chain reversed,
 * or a batch sent across threads, whichever the completion takes).
 */
class WaiterChainStressTest {
  private static final int PER_LOOP = 1500;
  private static final int ROUNDS = 12;

  @Test
  void everyWaiterResumesOnceAndEachLoopsWaitersInTheOrderTheyJoined() throws Exception {
    List<EventLoop> loops = List.of(EventLoop.startOnNewThread("chain-1"),
        EventLoop.startOnNewThread("chain-2"), EventLoop.startOnNewThread("chain-3"));
    try {
      for (String how : List.of("from another thread", "from one of the loops", "by the only loop")) {
        for (int round = 0; round < ROUNDS; round++) {
          run(how, how.startsWith("by") ? loops.subList(0, 1) : loops);
        }
      }
    } finally {
      loops.forEach(EventLoop::requestStop);
    }
  }

  private static void run(String how, List<EventLoop> loops) throws Exception {
    ManualTask<String> gate = new ManualTask<>();
    int completeAt = ThreadLocalRandom.current().nextInt(PER_LOOP);
    List<List<Integer>> resumed = new ArrayList<>();
    List<List<Integer>> waited = new ArrayList<>();
    CountDownLatch joining = new CountDownLatch(loops.size());
    List<CompletableFuture<List<String>>> ends = new ArrayList<>();
    for (EventLoop loop : loops) {
      List<Integer> order = Collections.synchronizedList(new ArrayList<>());
      List<Integer> suspended = new ArrayList<>();
      resumed.add(order);
      waited.add(suspended);
      ends.add(loop.submit(() -> {
        joining.countDown();
        List<Task<String>> mine = new ArrayList<>();
        for (int i = 0; i < PER_LOOP; i++) {
          if (i == completeAt && how.startsWith("by")) {
            gate.complete("v"); // the loop's own waiters so far: a ring it queues as it is
          }
          int id = i;
          Task<String> t = new AwaitOnce(gate, new ArrayList<>() {
            @Override
            public boolean add(String line) {
              return !line.startsWith("resumed") || order.add(id);
            }
          }).start();
          if (!t.isDone()) {
            suspended.add(id);
          }
          mine.add(t);
        }
        return Tasks.all(mine);
      }));
    }
    assertTrue(joining.await(10, TimeUnit.SECONDS));
    if (how.startsWith("from another")) {
      gate.complete("v");
    } else if (how.startsWith("from one")) {
      loops.get(0).execute(() -> gate.complete("v"));
    }
    for (CompletableFuture<List<String>> end : ends) {
      assertEquals(PER_LOOP, end.get(10, TimeUnit.SECONDS).size(), how);
    }
    for (int l = 0; l < loops.size(); l++) {
      List<Integer> order = resumed.get(l);
      assertEquals(PER_LOOP, order.size(), how + ": each waiter resumes once");
      assertEquals(PER_LOOP, order.stream().distinct().count(), how + ": each waiter resumes once");
      List<Integer> waitedInOrder = new ArrayList<>(order);
      waitedInOrder.retainAll(waited.get(l));
      assertEquals(waited.get(l), waitedInOrder, how + ": the waiters of one loop, in order");
    }
  }
}
