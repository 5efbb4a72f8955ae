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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.await4j.Task;
import org.junit.jupiter.api.Test;

/**
 * Storms of cancels at the moment of hand-off: of the bodies that wait, of the very tasks that
 * {@code acquire()}, {@code get()} and {@code put()} returned (on the loop and from another
 * thread at once). Invariants only: never two lock holders, never more permits than exist, no
 * item got twice or lost; and a task that {@code cancel()} answered false for keeps its value.
 */
class GrantStormTest {
  private static final int SEEDS = 8;
  private static final int TASKS = 300;

  /** Cancels waiter tasks from another thread while the loop runs; stopped by {@link #stop}. */
  private static final class Storm {
    final ConcurrentLinkedQueue<Task<?>> waits = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;

    Storm(long seed) {
      Random random = new Random(seed);
      thread = new Thread(() -> {
        while (!stop.get()) {
          Task<?> t = waits.poll();
          if (t == null) {
            Thread.onSpinWait();
            continue;
          }
          if (random.nextInt(4) == 0) {
            t.cancel();
          }
        }
      }, "canceller");
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      stop.set(true);
      thread.join();
    }
  }

  /** Cancels three random bodies and three random waits per pass, on the loop. */
  private static Task<Object> stormOnLoop(List<Script> bodies, List<Task<?>> waits,
      Random random, int passes) {
    Script.Step[] steps = new Script.Step[passes];
    for (int i = 0; i < passes; i++) {
      steps[i] = x -> {
        for (int k = 0; k < 3; k++) {
          bodies.get(random.nextInt(bodies.size())).cancel();
          if (!waits.isEmpty()) {
            Task<?> w = waits.get(random.nextInt(waits.size()));
            boolean succeeded = w.isDone() && !w.isFailed();
            assertFalse(w.cancel() && succeeded, "cancel() changed a done task");
            assertEquals(succeeded, w.isDone() && !w.isFailed(), "a done task keeps its value");
          }
        }
        return pass();
      };
    }
    return Script.of(steps).started();
  }

  @Test
  void neverTwoLockHolders() throws Exception {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Random random = new Random(seed);
      Storm storm = new Storm(seed);
      int[] holders = {0};
      int[] max = {0};
      long s = seed;
      onLoop(() -> {
        Lock lock = new Lock();
        List<Script> bodies = new ArrayList<>();
        List<Task<?>> waits = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
          boolean[] holds = {false};
          bodies.add(Script.of(x -> {
            Task<Void> w = lock.acquire();
            waits.add(w);
            storm.waits.add(w);
            return w;
          }, x -> {
            holds[0] = true;
            max[0] = Math.max(max[0], ++holders[0]);
            return random.nextBoolean() ? pass() : null;
          }, x -> random.nextBoolean() ? pass() : null).atExit(() -> {
            if (holds[0]) {
              holders[0]--;
              lock.release();
            }
          }).started());
        }
        List<Task<?>> all = new ArrayList<>(bodies);
        return Script.of(x -> stormOnLoop(bodies, waits, random, 40), x -> Script.all(all),
            x -> {
              assertEquals(1, max[0], "seed " + s);
              assertFalse(lock.isLocked(), "seed " + s + ": " + lock);
              assertTrue(lock.tryAcquire(), "nobody left waiting: " + lock);
              return null;
            }).started();
      });
      storm.stop();
    }
  }

  @Test
  void neverMorePermitsThanExist() throws Exception {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Random random = new Random(seed);
      Storm storm = new Storm(seed);
      int permits = 3;
      int[] inside = {0};
      int[] max = {0};
      long s = seed;
      onLoop(() -> {
        BoundedSemaphore sem = new BoundedSemaphore(permits);
        List<Script> bodies = new ArrayList<>();
        List<Task<?>> waits = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
          boolean[] holds = {false};
          bodies.add(Script.of(x -> {
            Task<Void> w = sem.acquire();
            waits.add(w);
            storm.waits.add(w);
            return w;
          }, x -> {
            holds[0] = true;
            max[0] = Math.max(max[0], ++inside[0]);
            return random.nextBoolean() ? pass() : null;
          }).atExit(() -> {
            if (holds[0]) {
              inside[0]--;
              sem.release(); // a bounded semaphore throws if one too many came back
            }
          }).started());
        }
        List<Task<?>> all = new ArrayList<>(bodies);
        return Script.of(x -> stormOnLoop(bodies, waits, random, 40), x -> Script.all(all),
            x -> {
              assertTrue(max[0] <= permits, "seed " + s + ": " + max[0] + " holders");
              assertEquals(permits, sem.availablePermits(), "seed " + s);
              return null;
            }).started();
      });
      storm.stop();
    }
  }

  @Test
  void noItemGotTwiceOrLost() throws Exception {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Random random = new Random(seed);
      Storm storm = new Storm(seed);
      List<Integer> got = new ArrayList<>();
      Set<Integer> put = new HashSet<>();
      long s = seed;
      List<Integer> left = new ArrayList<>();
      onLoop(() -> {
        AsyncQueue<Integer> q = new AsyncQueue<>(4);
        List<Script> bodies = new ArrayList<>();
        List<Task<?>> waits = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
          int item = i;
          bodies.add(Script.of(x -> {
            Task<Integer> w = q.get();
            waits.add(w);
            storm.waits.add(w);
            return w;
          }, x -> {
            got.add((Integer) x);
            return null;
          }).started());
          bodies.add(Script.of(x -> random.nextBoolean() ? pass() : null, x -> {
            Task<Void> w = q.put(item);
            waits.add(w);
            storm.waits.add(w);
            return w;
          }, x -> {
            put.add(item);
            return null;
          }).started());
        }
        List<Task<?>> all = new ArrayList<>(bodies);
        return Script.of(x -> stormOnLoop(bodies, waits, random, 40), x -> {
          for (Script b : bodies) {
            b.cancel(); // putters left without getters (or the reverse) would wait forever
          }
          return Script.all(all);
        }, x -> {
              while (!q.isEmpty()) {
                left.add(q.getNow());
              }
              return null;
            }).started();
      });
      storm.stop();
      Set<Integer> seen = new HashSet<>();
      for (int i : got) {
        assertTrue(seen.add(i), "seed " + s + ": " + i + " got twice");
      }
      for (int i : left) {
        assertTrue(seen.add(i), "seed " + s + ": " + i + " got and still in the queue");
      }
      // every item whose put completed is got or still there: none lost
      for (int i : put) {
        assertTrue(seen.contains(i), "seed " + s + ": " + i + " lost");
      }
    }
  }

  /**
   * Condition waits cancelled from another thread while signals and lock hand-offs go on: a
   * cancel that answered true always ends the wait cancelled (never granted meanwhile), the body
   * holds the lock either way, and there is never a second holder.
   */
  @Test
  void aConditionWaitCancelledFromElsewhereEndsAsTheAnswerSaid() throws Exception {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Random random = new Random(seed);
      java.util.Map<Task<?>, Boolean> answers = new java.util.concurrent.ConcurrentHashMap<>();
      AtomicBoolean stop = new AtomicBoolean();
      ConcurrentLinkedQueue<Task<?>> toCancel = new ConcurrentLinkedQueue<>();
      Random other = new Random(-seed);
      Thread canceller = new Thread(() -> {
        while (!stop.get()) {
          Task<?> t = toCancel.poll();
          if (t == null) {
            Thread.onSpinWait();
          } else if (other.nextInt(3) == 0) {
            answers.put(t, t.cancel());
          }
        }
      }, "condition-canceller");
      canceller.setDaemon(true);
      canceller.start();
      int[] holders = {0};
      int[] max = {0};
      long s = seed;
      onLoop(() -> {
        Condition cond = new Condition();
        List<Script> bodies = new ArrayList<>();
        List<Task<?>> waits = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
          boolean[] holds = {false};
          Task<?>[] mine = {null};
          bodies.add(Script.of(x -> cond.acquire(), x -> {
            max[0] = Math.max(max[0], ++holders[0]);
            holders[0]--; // the wait releases the lock
            Task<Void> w = cond.waitUntilSignalled();
            mine[0] = w;
            waits.add(w);
            toCancel.add(w);
            return w;
          }, x -> {
            holds[0] = true;
            max[0] = Math.max(max[0], ++holders[0]);
            return null;
          }).atExit(() -> {
            if (!holds[0] && mine[0] != null && mine[0].isCancelled()) {
              // ended by the cancellation of its wait: it has the lock back all the same
              assertTrue(cond.isLocked(), "seed " + s + ": a cancelled wait without the lock");
              holds[0] = true;
              max[0] = Math.max(max[0], ++holders[0]);
            }
            if (holds[0]) {
              holders[0]--;
              cond.release();
            }
          }).started());
        }
        Script.Step[] signals = new Script.Step[60];
        for (int i = 0; i < signals.length; i++) {
          signals[i] = x -> Script.of(y -> cond.acquire(), y -> {
            cond.signal(1 + random.nextInt(3));
            cond.release();
            return pass();
          }).started();
        }
        return Script.of(x -> Script.of(signals).started(), x -> {
          stop.set(true);
          return signalUntilAllDone(cond, bodies);
        }, x -> {
          assertEquals(1, max[0], "seed " + s + ": two holders");
          assertFalse(cond.isLocked(), "seed " + s);
          for (Task<?> w : waits) {
            assertTrue(w.isDone(), "seed " + s);
            if (Boolean.TRUE.equals(answers.get(w))) {
              assertTrue(w.isCancelled(), "seed " + s + ": cancel() said true, the wait was granted");
            }
          }
          return null;
        }).started();
      });
      stop.set(true);
      canceller.join();
    }
  }

  /** Signals every waiter, a pass at a time, until every body has ended. */
  private static Object signalUntilAllDone(Condition cond, List<Script> bodies) {
    if (bodies.stream().allMatch(Task::isDone)) {
      return null;
    }
    return Script.of(y -> cond.acquire(), y -> {
      cond.signalAll();
      cond.release();
      return pass();
    }, y -> signalUntilAllDone(cond, bodies)).started();
  }
}
