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
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.await4j.EventLoop;
import org.await4j.Task;
import org.junit.jupiter.api.Test;

/** asyncio.Lock: mutual exclusion, FIFO hand-over, cancellation safety, loop confinement. */
class LockTest {
  private final List<String> trace = new ArrayList<>();

  @Test
  void anUncontendedAcquireIsDoneAndAllocatesNothing() {
    onLoop(() -> {
      Lock a = new Lock();
      Lock b = new Lock();
      Task<Void> ta = a.acquire();
      assertTrue(ta.isDone());
      assertSame(ta, b.acquire(), "one shared done task");
      assertTrue(a.isLocked());
      assertFalse(a.tryAcquire());
      a.release();
      assertFalse(a.isLocked());
      assertTrue(a.tryAcquire());
      assertTrue(a.isLocked());
    });
  }

  @Test
  void releasingAnUnlockedLockThrows() {
    onLoop(() -> {
      IllegalStateException e = assertThrows(IllegalStateException.class, new Lock()::release);
      assertTrue(e.getMessage().contains("not acquired"), e.getMessage());
    });
  }

  @Test
  void releaseHandsTheLockToTheLongestWaiterWithoutBarging() {
    onLoop(() -> {
      Lock lock = new Lock();
      lock.acquire();
      Task<Void> b = lock.acquire();
      Task<Void> c = lock.acquire();
      assertFalse(b.isDone());
      lock.release();
      assertTrue(b.isDone());
      assertFalse(c.isDone());
      assertTrue(lock.isLocked(), "handed over, never unlocked");
      assertFalse(lock.tryAcquire(), "no barging");
      Task<Void> d = lock.acquire();
      lock.release();
      assertTrue(c.isDone());
      assertFalse(d.isDone());
      lock.release();
      assertTrue(d.isDone());
      lock.release();
      assertFalse(lock.isLocked());
    });
  }

  @Test
  void aCancelledWaiterLeavesNoTrace() {
    onLoop(() -> {
      Lock lock = new Lock();
      lock.acquire();
      Task<Void> b = lock.acquire();
      Task<Void> c = lock.acquire();
      assertTrue(b.cancel());
      assertTrue(b.isCancelled());
      assertFalse(b.cancel());
      lock.release();
      assertTrue(c.isDone());
      lock.release();
      assertFalse(lock.isLocked());
      assertTrue(lock.tryAcquire());
    });
  }

  @Test
  void aBodyCancelledAfterTheHandOverPassesTheLockOn() {
    onLoop(() -> {
      Lock lock = new Lock();
      lock.acquire();
      Script m = Script.of(x -> lock.acquire(), x -> trace.add("m has the lock"))
          .atExit(() -> trace.add("m exits")).started();
      Script n = Script.of(x -> lock.acquire(), x -> trace.add("n has the lock"))
          .atExit(() -> trace.add("n exits")).started();
      return Script.of(
          x -> {
            lock.release(); // hands the lock to m, whose body is only scheduled
            assertTrue(m.cancel()); // m will resume with a CancellationException
            trace.add("cancelled m");
            return pass();
          },
          x -> {
            assertTrue(m.isCancelled());
            assertTrue(n.isDone());
            assertTrue(lock.isLocked(), "n holds it");
            lock.release();
            assertFalse(lock.isLocked(), "nothing lost, nothing left over");
            return null;
          }).started();
    });
    assertEquals(List.of("cancelled m", "m exits", "n has the lock", "n exits"), trace);
  }

  @Test
  void aDoneAcquireIsNeverTakenBackByCancellingIt() {
    // whoever holds the task sees it succeeded: the lock is theirs (no second holder)
    onLoop(() -> {
      Lock lock = new Lock();
      lock.acquire();
      Task<Void> b = lock.acquire();
      Task<Void> c = lock.acquire();
      lock.release();
      assertTrue(b.isDone());
      assertFalse(b.cancel(), "done: cancel() says false, as for any done task");
      assertFalse(b.isCancelled(), "the task keeps its outcome");
      assertFalse(c.isDone(), "and the lock stays b's");
      lock.release();
      assertTrue(c.isDone(), "b's release hands it on");
      lock.release();
      assertFalse(lock.isLocked());
    });
  }

  @Test
  void aLockHandedToACancelledBodyWithNobodyElseWaitingIsUnlocked() {
    onLoop(() -> {
      Lock lock = new Lock();
      lock.acquire();
      Script m = Script.of(x -> lock.acquire(), x -> trace.add("m has the lock")).started();
      lock.release();
      m.cancel();
      assertFalse(lock.isLocked());
      return Script.of(x -> m.isDone() ? null : pass(), x -> {
        assertThrows(CancellationException.class, m::result);
        assertFalse(lock.isLocked());
        return null;
      }).started();
    });
    assertEquals(List.of(), trace);
  }

  @Test
  void cancellingTheWaitAfterTheBodyResumedChangesNothing() {
    AtomicReference<Task<?>> wait = new AtomicReference<>();
    onLoop(() -> {
      Lock lock = new Lock();
      lock.acquire();
      Script m = Script.of(x -> {
        wait.set(lock.acquire());
        return wait.get();
      }, x -> pass(), x -> pass()).started();
      lock.release();
      return Script.of(x -> pass(), x -> pass(), x -> {
        assertFalse(m.isDone());
        assertFalse(wait.get().cancel(), "done, and received");
        assertTrue(lock.isLocked(), "still m's");
        return m;
      }, x -> {
        assertTrue(lock.isLocked());
        return null;
      }).started();
    });
  }

  @Test
  void aCancelledBodyAwaitingTheLockRunsItsFinallyWithoutIt() {
    onLoop(() -> {
      Lock lock = new Lock();
      lock.acquire();
      Script m = Script.of(x -> lock.acquire())
          .atExit(() -> trace.add("finally, locked=" + lock.isLocked())).started();
      m.cancel();
      return Script.of(x -> m.isDone() ? null : pass(), x -> {
        assertTrue(m.isCancelled());
        lock.release();
        assertFalse(lock.isLocked());
        return null;
      }).started();
    });
    assertEquals(List.of("finally, locked=true"), trace); // held by the main script, not by m
  }

  @Test
  void cancelFromAnotherThreadIsHandedToTheLoop() {
    onLoop(() -> {
      Lock lock = new Lock();
      lock.acquire();
      Task<Void> b = lock.acquire();
      CompletableFuture<Boolean> cancelled = CompletableFuture.supplyAsync(b::cancel);
      return Script.of(x -> Task.from(cancelled), x -> b.isDone() ? null : pass(), x -> {
        assertTrue(b.isCancelled());
        lock.release();
        assertFalse(lock.isLocked());
        return null;
      }).started();
    });
  }

  @Test
  void thousandsOfTasksTakeTurnsInArrivalOrder() {
    int n = 5_000;
    List<Integer> order = new ArrayList<>();
    onLoop(() -> {
      Lock lock = new Lock();
      boolean[] inside = {false};
      List<Task<?>> tasks = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int id = i;
        tasks.add(Script.of(x -> lock.acquire(), x -> {
          assertFalse(inside[0], "mutual exclusion");
          inside[0] = true;
          order.add(id);
          return pass(); // hold the lock across a suspension
        }, x -> {
          inside[0] = false;
          return null;
        }).atExit(lock::release).started());
      }
      return Script.of(x -> Script.all(tasks), x -> {
        assertFalse(lock.isLocked());
        return null;
      }).started();
    });
    assertEquals(n, order.size());
    for (int i = 0; i < n; i++) {
      assertEquals(i, order.get(i));
    }
  }

  @Test
  void randomCancellationsNeverLoseOrLeakTheLock() {
    for (long s = 1; s <= 20; s++) {
      long seed = s;
      Random random = new Random(seed);
      int n = 300;
      List<Integer> entered = new ArrayList<>();
      onLoop(() -> {
        Lock lock = new Lock();
        boolean[] inside = {false};
        List<Script> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          int id = i;
          boolean[] holds = {false};
          tasks.add(Script.of(x -> lock.acquire(), x -> {
            assertFalse(inside[0], "mutual exclusion");
            inside[0] = true;
            holds[0] = true;
            entered.add(id);
            return pass();
          }, x -> {
            inside[0] = false;
            return null;
          }).atExit(() -> {
            if (holds[0]) {
              inside[0] = false;
              lock.release();
            }
          }).started());
        }
        List<Task<?>> all = new ArrayList<>(tasks);
        // cancellations land on waiting tasks, holders and tasks in their hand-over window
        return Script.of(x -> pass(), x -> cancelOverPasses(tasks, random, 40),
            x -> Script.all(all), x -> {
          assertFalse(lock.isLocked(), "seed " + seed);
          assertFalse(inside[0]);
          for (Script t : tasks) {
            assertTrue(t.isDone());
          }
          return null;
        }).started();
      });
      // the tasks that entered did so in arrival order
      for (int i = 1; i < entered.size(); i++) {
        assertTrue(entered.get(i - 1) < entered.get(i), "seed " + seed + ": " + entered);
      }
    }
  }

  /** Cancels random tasks of {@code tasks} over {@code passes} passes of the loop. */
  static Task<Object> cancelOverPasses(List<Script> tasks, Random random, int passes) {
    Script.Step[] steps = new Script.Step[passes];
    for (int i = 0; i < passes; i++) {
      steps[i] = x -> {
        for (int k = 0; k < 3; k++) {
          tasks.get(random.nextInt(tasks.size())).cancel();
        }
        return pass();
      };
    }
    return Script.of(steps).started();
  }

  @Test
  void usedOnAThreadWithoutALoopItThrows() {
    IllegalStateException e = assertThrows(IllegalStateException.class, new Lock()::acquire);
    assertTrue(e.getMessage().contains("runs no event loop"), e.getMessage());
  }

  @Test
  void usedFromAnotherLoopItThrows() throws Exception {
    Lock lock = new Lock();
    onLoop(() -> lock.acquire());
    CompletableFuture<Throwable> other = CompletableFuture.supplyAsync(() -> {
      try {
        EventLoop.run(() -> {
          lock.release();
          return Task.completed(null);
        });
        return null;
      } catch (Throwable t) {
        return t;
      }
    });
    Throwable t = other.get();
    assertTrue(t instanceof IllegalStateException, String.valueOf(t));
    assertTrue(t.getMessage().contains("another thread"), t.getMessage());
    // a later loop of the same thread is another loop too: the first one is gone
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> onLoop(() -> lock.release()));
    assertTrue(e.getMessage().contains("earlier event loop of this thread"), e.getMessage());
  }
}
