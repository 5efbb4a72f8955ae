package org.await4j.toolbox;

import static com.google.common.truth.Truth.assertThat;

import org.await4j.EventLoop;
import org.junit.jupiter.api.Test;

/**
 * Many tasks awaiting one pending CompletableFuture share one callback on it (a gate per loop):
 * each still gets the value or the very exception, a future completed on another thread resumes
 * every waiter on its own loop thread, and a cancelled one cancels the future, as asyncio's
 * Task.cancel() and Kotlin's CompletionStage.await() do: it leaves at once, with its own
 * cancellation, and its siblings get theirs (a shield keeps the future for them).
 */
class SharedStageTest {
  static final Compiled C = Compiled.of("gate.Waiters", """
      package gate;

      import java.io.IOException;
      import java.util.ArrayList;
      import java.util.List;
      import java.util.concurrent.CompletableFuture;
      import org.await4j.Async;
      import org.await4j.Outcome;
      import org.await4j.Task;
      import org.await4j.Tasks;
      import static org.await4j.Await.await;

      public class Waiters {
        final List<String> log = new ArrayList<>();

        @Async int waiter(CompletableFuture<Integer> gate, int id) {
          try {
            int v = await(gate);
            log.add(Thread.currentThread().getName());
            return v + id;
          } finally {
            log.add("finally");
          }
        }

        @Async int shieldedWaiter(CompletableFuture<Integer> gate, int id) {
          try {
            int v = await(Tasks.shield(Task.from(gate)));
            log.add(Thread.currentThread().getName());
            return v + id;
          } finally {
            log.add("finally");
          }
        }

        @Async public String cancelOne(int n) {
          CompletableFuture<Integer> gate = new CompletableFuture<>();
          List<Task<Integer>> tasks = new ArrayList<>();
          for (int i = 0; i < n; i++) tasks.add(WaitersAsync.waiter(this, gate, i));
          tasks.get(n / 2).cancel("enough");
          int cancelled = 0;
          java.util.Set<String> messages = new java.util.TreeSet<>();
          for (Outcome<Integer> o : await(Tasks.allSettled(tasks))) {
            if (o.isCancelled()) {
              cancelled++;
              messages.add(o.exception().getMessage());
            }
          }
          return gate.isCancelled() + " " + cancelled + " " + messages + " "
              + log.stream().filter("finally"::equals).count();
        }

        @Async int selfCancelling(CompletableFuture<Integer> gate) {
          Task.current().cancel("late");
          return await(gate);
        }

        @Async public String cancelRunning(int n) {
          CompletableFuture<Integer> gate = new CompletableFuture<>();
          List<Task<Integer>> tasks = new ArrayList<>();
          for (int i = 0; i < n; i++) tasks.add(WaitersAsync.waiter(this, gate, i));
          await(Tasks.yieldNow()); // they all wait on the gate
          tasks.add(WaitersAsync.selfCancelling(this, gate));
          java.util.Set<String> messages = new java.util.TreeSet<>();
          int cancelled = 0;
          for (Outcome<Integer> o : await(Tasks.allSettled(tasks))) {
            if (o.isCancelled()) {
              cancelled++;
              messages.add(String.valueOf(o.exception().getMessage()));
            }
          }
          return gate.isCancelled() + " " + cancelled + " " + messages;
        }

        @Async public String values(int n, boolean shielded) {
          CompletableFuture<Integer> gate = new CompletableFuture<>();
          List<Task<Integer>> tasks = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            tasks.add(shielded ? WaitersAsync.shieldedWaiter(this, gate, i) : WaitersAsync.waiter(this, gate, i));
          }
          if (shielded) {
            tasks.get(n / 2).cancel();
          }
          await(Tasks.yieldNow()); // a cancelled one leaves and runs its finally now
          String early = tasks.get(n / 2).isCancelled() + " " + log + " " + gate.isDone();
          String loopThread = Thread.currentThread().getName();
          new Thread(() -> gate.complete(7)).start();
          long sum = 0;
          int cancelled = 0;
          for (Outcome<Integer> o : await(Tasks.allSettled(tasks))) {
            if (o.isCancelled()) cancelled++; else sum += o.result();
          }
          long onLoop = log.stream().filter(loopThread::equals).count();
          return early + " " + cancelled + " " + sum + " " + onLoop;
        }

        @Async public String failure(int n) {
          CompletableFuture<Integer> gate = new CompletableFuture<>();
          List<Task<Integer>> tasks = new ArrayList<>();
          for (int i = 0; i < n; i++) tasks.add(WaitersAsync.waiter(this, gate, i));
          IOException boom = new IOException("boom");
          gate.completeExceptionally(boom);
          int same = 0;
          for (Outcome<Integer> o : await(Tasks.allSettled(tasks))) {
            if (o.exception() == boom) same++;
          }
          return same + " of " + n;
        }
      }
      """);

  @Test
  void everyWaiterGetsTheValueOnItsLoop() {
    Object waiters = C.newInstance();
    int n = 1000;
    long expected = 0;
    for (int i = 0; i < n; i++) {
      expected += 7 + i;
    }
    String r = EventLoop.run(() -> C.start(waiters, "values", n, false));
    assertThat(r).isEqualTo("false [] false 0 " + expected + " " + n);
  }

  @Test
  void aCancelledWaiterCancelsTheFutureForEveryWaiter() {
    Object waiters = C.newInstance();
    String r = EventLoop.run(() -> C.start(waiters, "cancelOne", 1000));
    assertThat(r).isEqualTo("true 1000 [enough] 1000");
  }

  /**
   * A task cancelled while it runs, whose next await would wait on the shared future, cancels the
   * future through the gate: the others get its message too.
   */
  @Test
  void aWaiterCancelledWhileRunningCancelsTheFutureWithItsMessage() {
    Object waiters = C.newInstance();
    String r = EventLoop.run(() -> C.start(waiters, "cancelRunning", 100));
    assertThat(r).isEqualTo("true 101 [late]");
  }

  @Test
  void aShieldKeepsTheFutureForTheOtherWaiters() {
    Object waiters = C.newInstance();
    int n = 1000;
    long expected = 0;
    for (int i = 0; i < n; i++) {
      expected += i == n / 2 ? 0 : 7 + i;
    }
    String r = EventLoop.run(() -> C.start(waiters, "values", n, true));
    assertThat(r).isEqualTo("true [finally] false 1 " + expected + " " + (n - 1));
  }

  @Test
  void everyWaiterGetsTheVeryException() {
    Object waiters = C.newInstance();
    assertThat(EventLoop.<String>run(() -> C.start(waiters, "failure", 100))).isEqualTo("100 of 100");
  }
}
