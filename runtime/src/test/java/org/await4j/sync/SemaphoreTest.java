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
import java.util.Random;
import org.await4j.Task;
import org.junit.jupiter.api.Test;

/** asyncio.Semaphore and BoundedSemaphore. */
class SemaphoreTest {
  private final List<String> trace = new ArrayList<>();

  @Test
  void permitsAreTakenWithoutWaitingWhileThereAreAny() {
    onLoop(() -> {
      Semaphore sem = new Semaphore(2);
      assertFalse(sem.isLocked());
      Task<Void> a = sem.acquire();
      assertSame(a, sem.acquire(), "one shared done task");
      assertTrue(a.isDone());
      assertTrue(sem.isLocked());
      assertEquals(0, sem.availablePermits());
      assertFalse(sem.tryAcquire());
      sem.release();
      assertTrue(sem.tryAcquire());
      sem.release();
      sem.release();
      sem.release(); // a plain semaphore may grow past its start
      assertEquals(3, sem.availablePermits());
    });
  }

  @Test
  void negativePermitsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
    assertThrows(IllegalArgumentException.class, () -> new BoundedSemaphore(-1));
  }

  @Test
  void aBoundedSemaphoreRefusesAReleaseTooMany() {
    onLoop(() -> {
      BoundedSemaphore sem = new BoundedSemaphore(2);
      IllegalStateException e = assertThrows(IllegalStateException.class, sem::release);
      assertTrue(e.getMessage().contains("released too many times"), e.getMessage());
      sem.acquire();
      Task<Void> waiting;
      sem.acquire();
      waiting = sem.acquire();
      sem.release(); // handed to the waiter
      assertTrue(waiting.isDone());
      sem.release();
      sem.release();
      assertEquals(2, sem.availablePermits());
      assertThrows(IllegalStateException.class, sem::release);
      assertEquals("BoundedSemaphore[permits=2, waiters=0]", sem.toString());
    });
  }

  @Test
  void releasesHandPermitsToWaitersInArrivalOrderWithoutBarging() {
    onLoop(() -> {
      Semaphore sem = new Semaphore(1);
      sem.acquire();
      Task<Void> b = sem.acquire();
      Task<Void> c = sem.acquire();
      sem.release();
      assertTrue(b.isDone());
      assertFalse(c.isDone());
      assertEquals(0, sem.availablePermits());
      assertFalse(sem.tryAcquire(), "no barging");
      Task<Void> d = sem.acquire();
      sem.release();
      sem.release();
      assertTrue(c.isDone());
      assertTrue(d.isDone());
      sem.release();
      assertEquals(1, sem.availablePermits());
    });
  }

  @Test
  void aCancelledWaiterTakesNoPermit() {
    onLoop(() -> {
      Semaphore sem = new Semaphore(0);
      Task<Void> b = sem.acquire();
      Task<Void> c = sem.acquire();
      assertTrue(b.cancel());
      sem.release();
      assertTrue(b.isCancelled());
      assertTrue(c.isDone());
      sem.release();
      assertEquals(1, sem.availablePermits());
    });
  }

  @Test
  void aPermitHandedToABodyCancelledBeforeItResumedGoesToTheNextWaiterOrBack() {
    onLoop(() -> {
      Semaphore sem = new Semaphore(0);
      Script m = Script.of(x -> sem.acquire(), x -> trace.add("m got a permit")).started();
      Script n = Script.of(x -> sem.acquire(), x -> trace.add("n got a permit")).started();
      Script o = Script.of(x -> sem.acquire(), x -> trace.add("o got a permit")).started();
      sem.release();
      sem.release(); // m and n are handed a permit each, neither has resumed
      m.cancel();
      n.cancel();
      return Script.of(x -> pass(), x -> pass(), x -> {
        assertTrue(m.isCancelled());
        assertTrue(n.isCancelled());
        assertTrue(o.isDone());
        assertEquals(1, sem.availablePermits(), "one went to o, one came back");
        return null;
      }).started();
    });
    assertEquals(List.of("o got a permit"), trace);
  }

  @Test
  void aPermitHandedToACancelledBodyIsNotLostForABoundedSemaphore() {
    onLoop(() -> {
      BoundedSemaphore sem = new BoundedSemaphore(1);
      sem.acquire();
      Script m = Script.of(x -> sem.acquire()).started();
      sem.release();
      m.cancel();
      assertEquals(1, sem.availablePermits());
      assertThrows(IllegalStateException.class, sem::release);
    });
  }

  @Test
  void manyTasksNeverExceedThePermitsAndNoPermitIsLostUnderRandomCancellation() {
    for (long s = 1; s <= 20; s++) {
      long seed = s;
      Random random = new Random(seed);
      int permits = 3;
      int n = 400;
      int[] inside = {0};
      int[] max = {0};
      onLoop(() -> {
        Semaphore sem = new BoundedSemaphore(permits);
        List<Script> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          boolean[] holds = {false};
          tasks.add(Script.of(x -> sem.acquire(), x -> {
            holds[0] = true;
            max[0] = Math.max(max[0], ++inside[0]);
            return random.nextBoolean() ? pass() : null;
          }, x -> random.nextBoolean() ? pass() : null).atExit(() -> {
            if (holds[0]) {
              inside[0]--;
              sem.release();
            }
          }).started());
        }
        List<Task<?>> all = new ArrayList<>(tasks);
        return Script.of(x -> LockTest.cancelOverPasses(tasks, random, 60),
            x -> Script.all(all), x -> {
              assertEquals(permits, sem.availablePermits(), "seed " + seed);
              assertEquals(0, inside[0]);
              return null;
            }).started();
      });
      assertEquals(permits, max[0], "seed " + seed);
    }
  }
}
