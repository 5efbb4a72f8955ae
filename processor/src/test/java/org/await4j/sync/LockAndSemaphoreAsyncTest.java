package org.await4j.sync;

import static com.google.common.truth.Truth.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Lock and Semaphore from @Async bodies compiled by the processor. */
class LockAndSemaphoreAsyncTest {
  static final String SOURCE = """
      package locks;

      import java.util.ArrayList;
      import java.util.List;
      import java.util.concurrent.CancellationException;
      import org.await4j.Async;
      import org.await4j.Task;
      import org.await4j.sync.Lock;
      import org.await4j.sync.Semaphore;
      import static org.await4j.Await.await;

      public class Workers {
        public final List<String> log = new ArrayList<>();
        final Lock lock = new Lock();
        final Semaphore permits = new Semaphore(3);
        int inside;
        int most;

        @Async void critical(String name, int yields) {
          await(lock.acquire());
          try {
            if (++inside != 1) {
              throw new IllegalStateException("two tasks hold the lock");
            }
            log.add(name + " in");
            for (int i = 0; i < yields; i++) {
              await(Yield.now());
            }
            log.add(name + " out");
          } finally {
            inside--;
            lock.release();
          }
        }

        @Async List<String> takeTurns(int n) {
          List<Task<Void>> tasks = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            tasks.add(WorkersAsync.critical(this, "t" + i, i % 3));
          }
          for (Task<Void> t : tasks) {
            await(t);
          }
          return log;
        }

        @Async void guarded(String name) {
          try {
            await(lock.acquire());
          } catch (CancellationException e) {
            log.add(name + " cancelled while waiting, locked=" + lock.isLocked());
            throw e;
          }
          try {
            log.add(name + " in");
            await(Yield.now());
          } finally {
            lock.release();
            log.add(name + " released");
          }
        }

        /** b is cancelled while it waits, c right after the lock was handed to it. */
        @Async List<String> cancellations() {
          await(lock.acquire());
          Task<Void> b = WorkersAsync.guarded(this, "b");
          Task<Void> c = WorkersAsync.guarded(this, "c");
          Task<Void> d = WorkersAsync.guarded(this, "d");
          await(Yield.now());
          b.cancel();
          lock.release();     // hands the lock to c, whose body is only scheduled
          c.cancel();         // so c sees the cancellation and the lock goes on to d
          for (Task<Void> t : List.of(b, c, d)) {
            try {
              await(t);
            } catch (CancellationException e) {
              log.add("awaited a cancelled task");
            }
          }
          log.add("locked at the end: " + lock.isLocked());
          return log;
        }

        @Async void limited(int yields) {
          await(permits.acquire());
          try {
            most = Math.max(most, ++inside);
            for (int i = 0; i < yields; i++) {
              await(Yield.now());
            }
          } finally {
            inside--;
            permits.release();
          }
        }

        @Async int limitedMany(int n) {
          List<Task<Void>> tasks = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            tasks.add(WorkersAsync.limited(this, i % 5));
            if (i % 7 == 3) {
              tasks.get(i / 2).cancel(); // some are waiting, some hold a permit, some are done
            }
          }
          for (Task<Void> t : tasks) {
            try {
              await(t);
            } catch (CancellationException expected) {
            }
          }
          if (permits.availablePermits() != 3 || inside != 0) {
            throw new AssertionError(permits + ", inside " + inside);
          }
          return most;
        }
      }
      """;

  static AsyncSource source;

  @BeforeAll
  static void compile() {
    source = new AsyncSource("locks.Workers", SOURCE);
  }

  @Test
  void tasksTakeTheLockOneAtATimeInTheOrderTheyAsked() {
    int n = 2_000;
    Object workers = source.create("locks.Workers");
    List<?> log = (List<?>) source.run(workers, "takeTurns", n);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      expected.add("t" + i + " in");
      expected.add("t" + i + " out");
    }
    assertThat(log).containsExactlyElementsIn(expected).inOrder();
  }

  @Test
  void cancelledWaitersNeitherTakeNorLoseTheLock() {
    Object workers = source.create("locks.Workers");
    List<?> log = (List<?>) source.run(workers, "cancellations");
    assertThat(log).containsExactly(
        "b cancelled while waiting, locked=true",
        "c cancelled while waiting, locked=true", // d holds it now
        "d in",
        "awaited a cancelled task",
        "awaited a cancelled task",
        "d released",
        "locked at the end: false").inOrder();
  }

  @Test
  void aSemaphoreLimitsConcurrencyAndKeepsItsPermitsUnderCancellation() {
    Object workers = source.create("locks.Workers");
    assertThat(source.run(workers, "limitedMany", 3_000)).isEqualTo(3);
  }

  @Test
  void theBlockingRunOfABodyThatUsesALockSaysWhy() {
    Object workers = source.create("locks.Workers");
    try {
      java.lang.reflect.Method critical =
          workers.getClass().getDeclaredMethod("critical", String.class, int.class);
      critical.setAccessible(true);
      critical.invoke(workers, "plain", 0);
      throw new AssertionError("expected an IllegalStateException");
    } catch (java.lang.reflect.InvocationTargetException e) {
      assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
      assertThat(e.getCause()).hasMessageThat().contains("runs no event loop");
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
