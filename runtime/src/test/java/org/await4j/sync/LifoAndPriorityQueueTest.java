package org.await4j.sync;

import static org.await4j.sync.Script.onLoop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.await4j.Task;
import org.junit.jupiter.api.Test;

/** asyncio.LifoQueue and asyncio.PriorityQueue: the order; the rest is AsyncQueue's. */
class LifoAndPriorityQueueTest {
  private final List<String> trace = new ArrayList<>();

  @Test
  void aLifoQueueGivesTheNewestItemFirst() {
    onLoop(() -> {
      AsyncQueue<Integer> q = new AsyncLifoQueue<>(3);
      q.putNow(1);
      q.putNow(2);
      assertTrue(q.put(3).isDone());
      assertTrue(q.isFull());
      assertFalse(q.put(4).isDone());
      assertEquals(List.of(3, 4, 2, 1), List.of(q.getNow(), q.getNow(), q.getNow(), q.getNow()));
    });
  }

  @Test
  void aLifoQueueKeepsItsOrderWhenAWokenGetterIsCancelled() {
    onLoop(() -> {
      AsyncLifoQueue<String> q = new AsyncLifoQueue<>();
      Script m = Script.of(x -> q.get(), x -> trace.add("m got " + x)).started();
      q.putNow("a"); // wakes m, stays in the queue until m's body resumes
      q.putNow("b");
      assertEquals(2, q.size());
      m.cancel();
      assertEquals("b", q.getNow(), "the newest on top, as asyncio's");
      assertEquals("a", q.getNow());
    });
    assertEquals(List.of(), trace);
  }

  @Test
  void aPriorityQueueGivesTheLeastItemFirst() {
    onLoop(() -> {
      AsyncQueue<Integer> q = new AsyncPriorityQueue<>();
      for (int i : new int[] {5, 1, 4, 2, 3}) {
        q.putNow(i);
      }
      List<Integer> out = new ArrayList<>();
      while (!q.isEmpty()) {
        out.add(q.getNow());
      }
      assertEquals(List.of(1, 2, 3, 4, 5), out);
    });
  }

  @Test
  void aPriorityQueueWithAComparator() {
    onLoop(() -> {
      AsyncPriorityQueue<String> q =
          new AsyncPriorityQueue<>(2, Comparator.comparing(String::length));
      q.putNow("ccc");
      q.putNow("a");
      Task<Void> waiting = q.put("bb");
      assertFalse(waiting.isDone());
      assertEquals("a", q.getNow()); // "bb" enters
      assertTrue(waiting.isDone());
      assertEquals("bb", q.getNow());
      assertEquals("ccc", q.getNow());
    });
  }

  @Test
  void aPriorityItemHandedToACancelledBodyGoesBackInOrder() {
    onLoop(() -> {
      AsyncPriorityQueue<Integer> q = new AsyncPriorityQueue<>();
      Script m = Script.of(x -> q.get()).started();
      q.putNow(5);
      q.putNow(7);
      q.putNow(1);
      m.cancel();
      assertEquals(List.of(1, 5, 7), List.of(q.getNow(), q.getNow(), q.getNow()));
    });
  }

  @Test
  void itemsWithoutAnOrderAreRefusedAtOnce() {
    onLoop(() -> {
      AsyncPriorityQueue<Object> q = new AsyncPriorityQueue<>();
      Task<Object> waiting = q.get();
      ClassCastException e = assertThrows(ClassCastException.class, () -> q.putNow(new Object()));
      assertTrue(e.getMessage().contains("Comparator"), e.getMessage());
      assertFalse(waiting.isDone());
    });
  }
}
