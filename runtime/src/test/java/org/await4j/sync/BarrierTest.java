package org.await4j.sync;

import static org.await4j.sync.Script.onLoop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.await4j.Task;
import org.junit.jupiter.api.Test;

/** asyncio.Barrier. */
class BarrierTest {
  private final List<String> trace = new ArrayList<>();

  @Test
  void theLastArrivalReleasesTheRoundWithIndicesInArrivalOrder() {
    onLoop(() -> {
      Barrier barrier = new Barrier(3);
      assertEquals(3, barrier.parties());
      Task<Integer> a = barrier.arriveAndWait();
      Task<Integer> b = barrier.arriveAndWait();
      assertEquals(2, barrier.waiting());
      assertFalse(a.isDone());
      Task<Integer> c = barrier.arriveAndWait();
      assertTrue(c.isDone());
      assertEquals(List.of(0, 1, 2), List.of(a.result(), b.result(), c.result()));
      assertEquals(0, barrier.waiting(), "ready for the next round");
      Task<Integer> d = barrier.arriveAndWait();
      assertFalse(d.isDone());
      barrier.arriveAndWait();
      assertSame(c, barrier.arriveAndWait(), "the filling arrival's task is shared");
      assertEquals(0, d.result());
    });
  }

  @Test
  void aBarrierOfOneNeverWaits() {
    onLoop(() -> {
      Barrier barrier = new Barrier(1);
      assertEquals(0, barrier.arriveAndWait().result());
      assertEquals(0, barrier.arriveAndWait().result());
    });
    assertThrows(IllegalArgumentException.class, () -> new Barrier(0));
  }

  @Test
  void tasksMeetRoundAfterRound() {
    int parties = 5;
    int rounds = 200;
    onLoop(() -> {
      Barrier barrier = new Barrier(parties);
      int[] arrived = new int[rounds];
      List<Task<?>> tasks = new ArrayList<>();
      for (int p = 0; p < parties; p++) {
        Script.Step[] steps = new Script.Step[rounds * 2];
        for (int r = 0; r < rounds; r++) {
          int round = r;
          steps[2 * r] = x -> {
            arrived[round]++;
            return barrier.arriveAndWait();
          };
          steps[2 * r + 1] = x -> {
            assertEquals(parties, arrived[round], "everybody arrived before anybody left");
            return (round + (Integer) x) % 2 == 0 ? Script.pass() : null;
          };
        }
        tasks.add(Script.of(steps).started());
      }
      return Script.all(tasks);
    });
  }

  @Test
  void aCancelledWaiterLeavesTheRound() {
    onLoop(() -> {
      Barrier barrier = new Barrier(3);
      Task<Integer> a = barrier.arriveAndWait();
      Task<Integer> b = barrier.arriveAndWait();
      assertTrue(a.cancel());
      assertEquals(1, barrier.waiting());
      Task<Integer> c = barrier.arriveAndWait();
      assertFalse(c.isDone(), "the round needs one more");
      assertEquals(2, barrier.arriveAndWait().result());
      assertEquals(0, b.result());
      assertEquals(1, c.result());
      assertFalse(b.cancel(), "done: nothing to give back");
    });
  }

  @Test
  void abortBreaksTheBarrierUntilReset() {
    onLoop(() -> {
      Barrier barrier = new Barrier(2);
      Task<Integer> a = barrier.arriveAndWait();
      barrier.abort();
      assertTrue(barrier.isBroken());
      assertTrue(a.exception() instanceof BarrierBrokenException);
      assertTrue(barrier.arriveAndWait().exception() instanceof BarrierBrokenException);
      assertEquals("Barrier[broken]", barrier.toString());
      barrier.reset();
      assertFalse(barrier.isBroken());
      Task<Integer> b = barrier.arriveAndWait();
      assertEquals(1, barrier.arriveAndWait().result());
      assertEquals(0, b.result());
    });
  }

  @Test
  void resetFailsTheWaitersAndKeepsTheBarrierUsable() {
    onLoop(() -> {
      Barrier barrier = new Barrier(2);
      Script m = Script.of(x -> barrier.arriveAndWait(), x -> trace.add("passed"))
          .atExit(() -> trace.add("m exits")).started();
      barrier.reset();
      assertFalse(barrier.isBroken());
      Task<Integer> b = barrier.arriveAndWait();
      assertFalse(b.isDone());
      return Script.of(x -> Script.all(List.of(m)), x -> {
        assertTrue(m.exception() instanceof BarrierBrokenException);
        assertEquals(1, barrier.arriveAndWait().result());
        assertEquals(0, b.result());
        return null;
      }).started();
    });
    assertEquals(List.of("m exits"), trace);
  }
}
