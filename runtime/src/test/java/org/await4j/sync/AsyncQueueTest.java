package org.await4j.sync;

import static org.await4j.sync.Script.onLoop;
import static org.await4j.sync.Script.pass;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.await4j.Task;
import org.junit.jupiter.api.Test;

/** asyncio.Queue: FIFO, bounded or not, hand-over to waiters, task_done/join, cancellation. */
class AsyncQueueTest {
  private final List<String> trace = new ArrayList<>();

  @Test
  void itemsComeOutInTheOrderTheyWentIn() {
    onLoop(() -> {
      AsyncQueue<String> q = new AsyncQueue<>();
      assertTrue(q.isEmpty());
      assertSame(q.put("a"), q.put("b"), "a put with room allocates nothing");
      q.putNow("c");
      assertEquals(3, q.size());
      assertFalse(q.isFull(), "unbounded");
      assertEquals("a", q.get().result());
      assertEquals("b", q.getNow());
      assertEquals("c", q.getNow());
      assertTrue(q.isEmpty());
    });
  }

  @Test
  void theNowVariantsThrowInsteadOfWaiting() {
    onLoop(() -> {
      AsyncQueue<Integer> q = new AsyncQueue<>(1);
      QueueEmptyException empty = assertThrows(QueueEmptyException.class, q::getNow);
      assertTrue(empty instanceof NoSuchElementException);
      q.putNow(1);
      assertTrue(q.isFull());
      QueueFullException full = assertThrows(QueueFullException.class, () -> q.putNow(2));
      assertTrue(full instanceof IllegalStateException);
      assertEquals(1, q.size());
      assertThrows(NullPointerException.class, () -> q.putNow(null));
      assertThrows(NullPointerException.class, () -> q.put(null));
    });
  }

  @Test
  void zeroOrLessMeansUnbounded() {
    onLoop(() -> {
      for (int max : new int[] {0, -1}) {
        AsyncQueue<Integer> q = new AsyncQueue<>(max);
        for (int i = 0; i < 10_000; i++) {
          assertTrue(q.put(i).isDone());
        }
        assertFalse(q.isFull());
        assertEquals(max, q.maxSize());
      }
    });
  }

  @Test
  void getWaitsWhileEmptyAndPutHandsTheItemToTheLongestGetter() {
    onLoop(() -> {
      AsyncQueue<String> q = new AsyncQueue<>(1);
      Task<String> g1 = q.get();
      Task<String> g2 = q.get();
      assertFalse(g1.isDone());
      q.putNow("a");
      assertEquals("a", g1.result());
      assertFalse(g2.isDone());
      assertEquals(1, q.size(), "counted until g1's body has resumed, as asyncio counts it");
      assertTrue(q.isFull());
      assertThrows(QueueEmptyException.class, q::getNow, "a is g1's: no barging");
      assertThrows(QueueFullException.class, () -> q.putNow("b"));
    });
  }

  @Test
  void putWaitsWhileFullAndTheRoomGoesToTheLongestPutter() {
    onLoop(() -> {
      AsyncQueue<String> q = new AsyncQueue<>(1);
      q.putNow("a");
      Script p1 = Script.of(x -> q.put("b"), x -> trace.add("p1 put b")).started();
      Script p2 = Script.of(x -> q.put("c"), x -> trace.add("p2 put c")).started();
      return Script.of(x -> {
        assertFalse(p1.isDone());
        assertEquals("a", q.getNow()); // the room wakes p1: b enters when its body resumes
        assertFalse(q.isFull(), "as asyncio: b is not in before p1 runs");
        assertEquals(0, q.size());
        assertThrows(QueueFullException.class, () -> q.putNow("x"), "no barging past p2");
        Task<Void> p3 = q.put("d");
        assertFalse(p3.isDone(), "behind p2");
        trace.add("main took a");
        return pass();
      }, x -> pass(), x -> {
        assertEquals(List.of("main took a", "p1 put b"), trace);
        assertTrue(q.isFull());
        assertEquals("b", q.getNow());
        return pass();
      }, x -> pass(), x -> {
        assertEquals("c", q.getNow());
        return pass();
      }, x -> pass(), x -> {
        assertEquals("d", q.getNow());
        assertTrue(q.isEmpty());
        return pass();
      }).started();
    });
    assertEquals(List.of("main took a", "p1 put b", "p2 put c"), trace);
  }

  @Test
  void waitingPuttersAndGettersMeetInArrivalOrder() {
    onLoop(() -> {
      AsyncQueue<String> q = new AsyncQueue<>(1);
      q.putNow("a");
      Task<Void> pb = q.put("b");
      Task<Void> pc = q.put("c");
      assertEquals("a", q.get().result()); // b enters
      assertTrue(pb.isDone());
      assertFalse(pc.isDone());
      assertEquals("b", q.get().result()); // c enters
      assertEquals("c", q.get().result());
      Task<String> g1 = q.get();
      Task<String> g2 = q.get();
      q.putNow("d");
      Task<Void> pe = q.put("e");
      assertFalse(pe.isDone(), "d is g1's, not yet received: still counted");
      assertEquals("d", g1.result());
      assertFalse(g2.isDone());
      return Script.of(x -> pass(), x -> {
        assertEquals("e", g2.result(), "g1 resumed, so e went in, straight to g2");
        assertTrue(pe.isDone());
        return null;
      }).started();
    });
  }

  @Test
  void joinWaitsUntilEveryItemIsMarkedDone() {
    onLoop(() -> {
      AsyncQueue<Integer> q = new AsyncQueue<>();
      assertTrue(q.join().isDone());
      assertThrows(IllegalStateException.class, q::taskDone);
      q.putNow(1);
      q.putNow(2);
      Task<Void> j1 = q.join();
      Task<Void> j2 = q.join();
      q.getNow();
      q.taskDone();
      assertFalse(j1.isDone());
      q.getNow();
      q.taskDone();
      assertTrue(j1.isDone());
      assertTrue(j2.isDone());
      assertThrows(IllegalStateException.class, q::taskDone);
    });
  }

  @Test
  void aPutThatWasWokenCountsForJoinAtOnce() {
    onLoop(() -> {
      AsyncQueue<Integer> q = new AsyncQueue<>(1);
      q.putNow(1);
      Script p = Script.of(x -> q.put(2), x -> q.join(), x -> trace.add("joined")).started();
      return Script.of(x -> {
        q.getNow();
        q.taskDone();
        return pass();
      }, x -> pass(), x -> pass(), x -> {
        assertFalse(p.isDone(), "2 is unfinished");
        q.getNow();
        q.taskDone();
        return p;
      }).started();
    });
    assertEquals(List.of("joined"), trace);
  }

  @Test
  void aCancelledGetterTakesNoItem() {
    onLoop(() -> {
      AsyncQueue<String> q = new AsyncQueue<>();
      Task<String> g1 = q.get();
      Task<String> g2 = q.get();
      assertTrue(g1.cancel());
      q.putNow("a");
      assertTrue(g1.isCancelled());
      assertEquals("a", g2.result());
    });
  }

  @Test
  void anItemHandedToACancelledBodyGoesToTheNextGetter() {
    onLoop(() -> {
      AsyncQueue<String> q = new AsyncQueue<>();
      Script m = Script.of(x -> q.get(), x -> trace.add("m got " + x)).started();
      Script n = Script.of(x -> q.get(), x -> trace.add("n got " + x)).started();
      q.putNow("a");
      m.cancel(); // after the hand-over, before m resumed
      q.putNow("b");
      return Script.of(x -> Script.all(List.of(m, n)), x -> {
        assertTrue(m.isCancelled());
        assertEquals(1, q.size());
        assertEquals("b", q.getNow());
        return null;
      }).started();
    });
    assertEquals(List.of("n got a"), trace);
  }

  @Test
  void anItemHandedToACancelledBodyGoesBackToTheFront() {
    onLoop(() -> {
      AsyncQueue<String> q = new AsyncQueue<>(2);
      Script m = Script.of(x -> q.get(), x -> trace.add("m got " + x)).started();
      q.putNow("a");
      q.putNow("b");
      assertTrue(q.isFull(), "a is still counted");
      m.cancel();
      assertEquals(2, q.size());
      assertEquals("a", q.getNow(), "a comes out first, as if m had never been there");
      assertEquals("b", q.getNow());
    });
    assertEquals(List.of(), trace);
  }

  @Test
  void aCancelledWaitingPutPutsNothing() {
    onLoop(() -> {
      AsyncQueue<String> q = new AsyncQueue<>(1);
      q.putNow("a");
      Task<Void> p1 = q.put("b");
      Task<Void> p2 = q.put("c");
      assertTrue(p1.cancel());
      assertEquals("a", q.getNow());
      return Script.of(x -> pass(), x -> pass(), x -> {
        assertEquals("c", q.getNow());
        assertTrue(q.isEmpty());
        q.taskDone();
        q.taskDone();
        assertTrue(q.join().isDone(), "b never counted");
        return null;
      }).started();
    });
  }

  @Test
  void aPutWokenButCancelledBeforeItsBodyResumedPutsNothingAndPassesTheRoomOn() {
    onLoop(() -> {
      AsyncQueue<String> q = new AsyncQueue<>(1);
      q.putNow("a");
      Script m = Script.of(x -> q.put("b"), x -> trace.add("m put b")).started();
      Script n = Script.of(x -> q.put("c"), x -> trace.add("n put c")).started();
      assertEquals("a", q.getNow()); // room reserved for m
      q.taskDone();
      m.cancel();
      return Script.of(x -> Script.all(List.of(m, n)), x -> pass(), x -> {
        assertTrue(m.isCancelled());
        assertEquals("c", q.getNow());
        assertThrows(QueueEmptyException.class, q::getNow);
        q.taskDone();
        assertTrue(q.join().isDone(), "b was never counted");
        return null;
      }).started();
    });
    assertEquals(List.of("n put c"), trace);
  }

  @Test
  void anItemPutForAWaitingGetterStaysInTheQueueUntilItsBodyResumes() {
    onLoop(() -> {
      AsyncQueue<String> q = new AsyncQueue<>();
      Script g1 = Script.of(x -> q.get(), x -> trace.add("g1 got " + x)).started();
      Script g2 = Script.of(x -> q.get(), x -> trace.add("g2 got " + x)).started();
      Script g3 = Script.of(x -> q.get(), x -> trace.add("g3 got " + x)).started();
      q.putNow("x"); // wakes g1
      assertEquals(1, q.size(), "as asyncio's qsize()");
      assertEquals("x", q.getNow(), "as asyncio's get_nowait(): still there");
      q.putNow("y"); // wakes g2
      assertTrue(g2.cancel(), "woken, not resumed: it ends cancelled, the wake goes on");
      return Script.of(x -> pass(), x -> pass(), x -> {
        assertTrue(g2.isCancelled());
        // as CPython 3.11 (checked): g1, woken first, finds y when it resumes; g3 waits on
        assertEquals(List.of("g1 got y"), trace);
        assertFalse(g3.isDone());
        assertEquals(0, q.size());
        q.putNow("z");
        return pass();
      }, x -> pass(), x -> {
        assertEquals(List.of("g1 got y", "g3 got z"), trace);
        return null;
      }).started();
    });
  }

  @Test
  void aWokenGetterCancelledBeforeItResumesPassesTheWakeOn() {
    onLoop(() -> {
      AsyncQueue<String> q = new AsyncQueue<>();
      Script g1 = Script.of(x -> q.get(), x -> trace.add("g1 got " + x)).started();
      Script g2 = Script.of(x -> q.get(), x -> trace.add("g2 got " + x)).started();
      q.putNow("x"); // wakes g1
      assertTrue(g1.cancel());
      return Script.of(x -> pass(), x -> pass(), x -> {
        assertEquals(List.of("g2 got x"), trace, "the wake went on to g2");
        return null;
      }).started();
    });
  }

  @Test
  void aWokenPutWhoseRoomWasTakenMeanwhileWaitsAgain() {
    onLoop(() -> {
      AsyncQueue<String> q = new AsyncQueue<>(1);
      q.putNow("a");
      Script m = Script.of(x -> q.put("b"), x -> trace.add("m put b")).started();
      assertEquals("a", q.getNow()); // wakes m
      q.putNow("x"); // no putter waits any more: asyncio's put_nowait takes the room too
      return Script.of(x -> pass(), x -> pass(), x -> {
        assertFalse(m.isDone(), "m found the queue full and waits again");
        assertEquals(List.of(), trace);
        assertEquals("x", q.getNow()); // wakes m again
        return pass();
      }, x -> pass(), x -> {
        assertEquals(List.of("m put b"), trace);
        assertEquals("b", q.getNow());
        return null;
      }).started();
    });
    assertEquals(List.of("m put b"), trace);
  }

  @Test
  void aCancelledWokenPutWithNobodyBehindLeavesTheRoomFree() {
    onLoop(() -> {
      AsyncQueue<String> q = new AsyncQueue<>(1);
      q.putNow("a");
      Script m = Script.of(x -> q.put("b")).started();
      Task<Void> joined = q.join();
      q.getNow();
      q.taskDone();
      assertTrue(joined.isDone(), "b is counted once its body put it in, as asyncio's");
      assertTrue(m.cancel());
      assertFalse(q.isFull());
      q.putNow("c");
      assertEquals("c", q.getNow());
    });
  }

  @Test
  void usedFromAThreadWithoutALoopItThrows() {
    AsyncQueue<String> q = new AsyncQueue<>();
    assertThrows(IllegalStateException.class, () -> q.putNow("a"));
    assertThrows(IllegalStateException.class, q::get);
    assertEquals(0, q.size(), "queries need no loop");
  }

  @Test
  void toStringShowsTheState() {
    onLoop(() -> {
      AsyncQueue<String> q = new AsyncQueue<>(3);
      q.putNow("a");
      assertEquals("AsyncQueue[size=1, maxSize=3, getters=0, putters=0, unfinished=1]",
          q.toString());
    });
  }
}
