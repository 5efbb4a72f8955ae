package org.await4j.sync;

import static org.await4j.sync.Script.onLoop;
import static org.await4j.sync.Script.pass;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.await4j.Task;
import org.junit.jupiter.api.Test;

/** asyncio.Condition: wait releases the lock and takes it back; notify is signal. */
class ConditionTest {
  private final List<String> trace = new ArrayList<>();

  @Test
  void waitingOrSignallingWithoutTheLockThrows() {
    onLoop(() -> {
      Condition cond = new Condition();
      IllegalStateException e =
          assertThrows(IllegalStateException.class, cond::waitUntilSignalled);
      assertTrue(e.getMessage().contains("needs the lock"), e.getMessage());
      assertThrows(IllegalStateException.class, () -> cond.waitUntil(() -> true));
      assertThrows(IllegalStateException.class, cond::signal);
      assertThrows(IllegalStateException.class, cond::signalAll);
    });
  }

  @Test
  void aWaitReleasesTheLockAndCompletesOnlyOnceItHasItBack() {
    onLoop(() -> {
      Condition cond = new Condition();
      assertTrue(cond.acquire().isDone());
      Task<Void> w = cond.waitUntilSignalled();
      assertFalse(cond.isLocked(), "released by the wait");
      assertTrue(cond.tryAcquire());
      cond.signal();
      assertFalse(w.isDone(), "signalled, but the lock is still ours");
      cond.release();
      assertTrue(w.isDone());
      assertTrue(cond.isLocked(), "the waiter holds it now");
      cond.release();
      assertFalse(cond.isLocked());
    });
  }

  @Test
  void signalWakesWaitersInOrderAndSignalAllWakesTheRest() {
    onLoop(() -> {
      Condition cond = new Condition();
      List<Script> waiters = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String name = "w" + i;
        waiters.add(Script.of(x -> cond.acquire(), x -> cond.waitUntilSignalled(),
            x -> trace.add(name)).atExit(cond::release).started());
      }
      return Script.of(x -> cond.acquire(), x -> {
        cond.signal();
        trace.add("signalled one");
        cond.release();
        return pass();
      }, x -> pass(), x -> cond.acquire(), x -> {
        cond.signal(2);
        cond.release();
        return pass();
      }, x -> pass(), x -> cond.acquire(), x -> {
        cond.signalAll();
        cond.release();
        return Script.all(waiters);
      }).started();
    });
    assertEquals(List.of("signalled one", "w0", "w1", "w2", "w3"), trace);
  }

  @Test
  void aWokenOrCancelledWaitTakesTheLockBackWhenItsBodyResumes() {
    List<String> trace = new ArrayList<>();
    onLoop(() -> {
      Condition cond = new Condition();
      Script a = Script.of(x -> cond.acquire(), x -> cond.waitUntilSignalled(), x -> {
        trace.add("a woke, locked " + cond.isLocked());
        cond.release();
        return null;
      }).started();
      Script b = Script.of(x -> cond.acquire(), x -> cond.waitUntilSignalled())
          .atExit(() -> {
            trace.add("b ends, locked " + cond.isLocked());
            cond.release();
          }).started();
      return Script.of(x -> pass(), x -> {
        assertTrue(cond.tryAcquire());
        cond.signal();
        cond.release();
        assertTrue(b.cancel());
        // as asyncio's: neither has the lock back before its body runs, so it is free here
        assertTrue(cond.tryAcquire(), "the lock is free until the woken bodies resume");
        trace.add("main holds");
        cond.release();
        return pass();
      }, x -> pass(), x -> pass(), x -> {
        assertTrue(b.isCancelled());
        assertFalse(cond.isLocked());
        return null;
      }).started();
    });
    assertEquals(List.of("main holds", "a woke, locked true", "b ends, locked true"), trace);
  }

  @Test
  void wokenWaitersQueueForTheLockBehindTasksAlreadyWaitingForIt() {
    onLoop(() -> {
      Condition cond = new Condition();
      cond.acquire();
      Task<Void> w = cond.waitUntilSignalled();
      cond.acquire();
      Task<Void> other = cond.acquire(); // waits for the lock before the signal
      cond.signal();
      cond.release();
      assertTrue(other.isDone());
      assertFalse(w.isDone());
      cond.release();
      assertTrue(w.isDone());
    });
  }

  @Test
  void waitUntilTestsThePredicateEachTimeTheLockIsBack() {
    onLoop(() -> {
      Condition cond = new Condition();
      ArrayDeque<Integer> items = new ArrayDeque<>();
      cond.acquire();
      assertSame(cond.waitUntil(() -> true), cond.waitUntil(() -> true), "true: done at once");
      Task<Void> w = cond.waitUntil(() -> items.size() >= 2);
      assertFalse(cond.isLocked());
      cond.acquire();
      items.add(1);
      cond.signalAll();
      cond.release();
      assertFalse(w.isDone(), "woken, predicate still false: waits again");
      assertFalse(cond.isLocked());
      cond.acquire();
      items.add(2);
      cond.signal();
      cond.release();
      assertTrue(w.isDone());
      assertTrue(cond.isLocked());
    });
  }

  @Test
  void aThrowingPredicateFailsTheWaitWithTheLockHeld() {
    IOException io = new IOException("boom");
    onLoop(() -> {
      Condition cond = new Condition();
      boolean[] fail = {false};
      cond.acquire();
      Task<Void> w = cond.waitUntil(() -> {
        if (fail[0]) {
          throw sneaky(io);
        }
        return false;
      });
      cond.acquire();
      fail[0] = true;
      cond.signal();
      cond.release();
      assertTrue(w.isFailed());
      assertSame(io, w.exception());
      assertTrue(cond.isLocked(), "the failed waiter holds the lock, to release in its finally");
    });
  }

  @Test
  void aCancelledWaitTakesTheLockBackBeforeItEnds() {
    onLoop(() -> {
      Condition cond = new Condition();
      Script m = Script.of(x -> cond.acquire(), x -> cond.waitUntilSignalled())
          .atExit(() -> {
            trace.add("m finally, locked=" + cond.isLocked());
            cond.release();
          }).started();
      return Script.of(x -> cond.acquire(), x -> {
        assertTrue(m.cancel());
        return pass();
      }, x -> pass(), x -> {
        assertFalse(m.isDone(), "waits for the lock, which we hold");
        trace.add("main releases");
        cond.release();
        return m.isDone() ? null : pass();
      }, x -> pass(), x -> {
        assertTrue(m.isCancelled());
        assertFalse(cond.isLocked());
        return null;
      }).started();
    });
    assertEquals(List.of("main releases", "m finally, locked=true"), trace);
  }

  @Test
  void aCancelledWaitWithTheLockFreeTakesItAtOnce() {
    onLoop(() -> {
      Condition cond = new Condition();
      cond.acquire();
      Task<Void> w = cond.waitUntilSignalled();
      assertTrue(w.cancel());
      assertTrue(w.isCancelled());
      assertTrue(cond.isLocked(), "the cancelled waiter's, to release in its finally");
    });
  }

  @Test
  void aWaiterCancelledAfterItWasSignalledPassesTheSignalOn() {
    onLoop(() -> {
      Condition cond = new Condition();
      cond.acquire();
      Task<Void> a = cond.waitUntilSignalled();
      cond.acquire();
      Task<Void> b = cond.waitUntilSignalled();
      cond.acquire();
      cond.signal(); // a is signalled, waits for the lock
      assertTrue(a.cancel());
      cond.release();
      assertThrows(CancellationException.class, a::result);
      assertTrue(cond.isLocked(), "a's until its finally");
      cond.release(); // a's finally
      assertTrue(b.isDone(), "b got a's signal");
    });
  }

  @Test
  void aBodyCancelledAfterTheLockCameBackPassesTheSignalOnAndStillHoldsTheLock() {
    onLoop(() -> {
      Condition cond = new Condition();
      Script m = Script.of(x -> cond.acquire(), x -> cond.waitUntilSignalled(),
          x -> trace.add("m woke")).atExit(() -> {
            trace.add("m finally, locked=" + cond.isLocked());
            cond.release();
          }).started();
      Script n = Script.of(x -> cond.acquire(), x -> cond.waitUntilSignalled(),
          x -> trace.add("n woke")).atExit(cond::release).started();
      return Script.of(x -> cond.acquire(), x -> {
        cond.signal();
        cond.release(); // the lock goes to m, whose body is only scheduled
        m.cancel();
        return Script.all(List.of(m, n));
      }).started();
    });
    assertEquals(List.of("m finally, locked=true", "n woke"), trace);
  }

  @Test
  void aConditionSharesItsLock() {
    onLoop(() -> {
      Lock lock = new Lock();
      Condition a = new Condition(lock);
      Condition b = new Condition(lock);
      assertSame(lock, a.lock());
      a.acquire();
      assertTrue(b.isLocked());
      Task<Void> w = b.waitUntilSignalled();
      assertFalse(lock.isLocked());
      lock.acquire();
      a.signal(); // another condition's waiters
      lock.release();
      assertFalse(w.isDone());
      lock.acquire();
      b.signal();
      lock.release();
      assertTrue(w.isDone());
    });
  }

  @Test
  void producersAndConsumersOverAConditionLoseNothing() {
    int n = 2_000;
    List<Integer> consumed = new ArrayList<>();
    onLoop(() -> {
      Condition cond = new Condition();
      ArrayDeque<Integer> items = new ArrayDeque<>();
      List<Task<?>> tasks = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        Script.Step[] steps = new Script.Step[n / 4 * 3];
        for (int i = 0; i < steps.length; i += 3) {
          steps[i] = x -> cond.acquire();
          steps[i + 1] = x -> cond.waitUntil(() -> !items.isEmpty());
          steps[i + 2] = x -> {
            consumed.add(items.poll());
            cond.release();
            return null;
          };
        }
        tasks.add(Script.of(steps).started());
      }
      for (int p = 0; p < 2; p++) {
        int base = p * (n / 2);
        Script.Step[] steps = new Script.Step[n / 2 * 2];
        for (int i = 0; i < steps.length; i += 2) {
          int item = base + i / 2;
          steps[i] = x -> cond.acquire();
          steps[i + 1] = x -> {
            items.add(item);
            cond.signal();
            cond.release();
            return item % 3 == 0 ? pass() : null;
          };
        }
        tasks.add(Script.of(steps).started());
      }
      return Script.all(tasks);
    });
    assertEquals(n, consumed.size());
    assertEquals(n, consumed.stream().distinct().count());
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }
}
