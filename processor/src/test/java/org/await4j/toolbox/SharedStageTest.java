package org.await4j.toolbox;

import static com.google.common.truth.Truth.assertThat;

import org.await4j.EventLoop;
import org.junit.jupiter.api.Test;

/**
 * Many tasks awaiting one pending CompletableFuture share one callback on it (a gate per loop):
 * each still gets the value or the very exception, a cancelled one leaves at once without
 * cancelling the future or its siblings, and a future completed on another thread resumes every
 * waiter on its own loop thread.
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

        @Async public String values(int n) {
          CompletableFuture<Integer> gate = new CompletableFuture<>();
          List<Task<Integer>> tasks = new ArrayList<>();
          for (int i = 0; i < n; i++) tasks.add(WaitersAsync.waiter(this, gate, i));
          tasks.get(n / 2).cancel();
          await(Tasks.yieldNow()); // the cancelled one leaves and runs its finally now
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
  void everyWaiterGetsTheValueAndACancelledOneLeavesAlone() {
    Object waiters = C.newInstance();
    int n = 1000;
    long expected = 0;
    for (int i = 0; i < n; i++) {
      expected += i == n / 2 ? 0 : 7 + i;
    }
    String r = EventLoop.run(() -> C.start(waiters, "values", n));
    assertThat(r).isEqualTo("true [finally] false 1 " + expected + " " + (n - 1));
  }

  @Test
  void everyWaiterGetsTheVeryException() {
    Object waiters = C.newInstance();
    assertThat(EventLoop.<String>run(() -> C.start(waiters, "failure", 100))).isEqualTo("100 of 100");
  }
}
