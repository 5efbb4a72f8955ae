package org.await4j.benchmarks;

import static org.await4j.Await.await;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import org.await4j.Async;
import org.await4j.Task;

/** W3's bodies: {@code n} tasks suspended on one shared gate, then all released. */
public class GateWait {
  private GateWait() {}

  /** One await4j task: waits for the gate, then checks in. */
  @Async
  static int waiter(Task<Integer> gate, Countdown done) {
    int v = await(gate);
    done.arrive();
    return v;
  }

  /**
   * Called on the loop (as {@code EventLoop.run}'s supplier): starts {@code n} waiters, each of
   * which runs up to its await and suspends there, then opens the gate. The loop then resumes
   * every waiter; the returned task completes when the last one has checked in.
   */
  static Task<Integer> await4j(int n) {
    Gate<Integer> gate = new Gate<>();
    Countdown done = new Countdown(n);
    for (int i = 0; i < n; i++) {
      GateWaitAsync.waiter(gate, done);
    }
    gate.open(1);
    return done;
  }

  /** One await4j task awaiting a CompletableFuture (as HttpClient, JDBC drivers and SDKs give). */
  @Async
  static int futureWaiter(CompletableFuture<Integer> gate, Countdown done) {
    int v = await(gate);
    done.arrive();
    return v;
  }

  /** As {@link #await4j} with a {@code CompletableFuture} for the gate. */
  static Task<Integer> await4jOnFuture(int n) {
    CompletableFuture<Integer> gate = new CompletableFuture<>();
    Countdown done = new Countdown(n);
    for (int i = 0; i < n; i++) {
      GateWaitAsync.futureWaiter(gate, done);
    }
    gate.complete(1);
    return done;
  }

  /** Loop-confined counter for the CompletableFuture callbacks. */
  static final class Count {
    int n;
    long sum;
  }

  /** CompletableFuture: one callback per task (each with its own state, as a task would have) on one future. */
  static int futures(int n) {
    CompletableFuture<Integer> gate = new CompletableFuture<>();
    Count count = new Count();
    for (int i = 0; i < n; i++) {
      int id = i;
      gate.thenApply(v -> {
        count.n++;
        count.sum += id;
        return v;
      });
    }
    gate.complete(1);
    if (count.n != n) {
      throw new AssertionError(count.n);
    }
    return count.n;
  }

  /** Virtual threads: each blocks in {@code join()} on one future. */
  static int threads(int n, ThreadFactory factory) throws InterruptedException {
    CompletableFuture<Integer> gate = new CompletableFuture<>();
    CountDownLatch done = new CountDownLatch(n);
    Runnable body = () -> {
      gate.join();
      done.countDown();
    };
    for (int i = 0; i < n; i++) {
      factory.newThread(body).start();
    }
    gate.complete(1);
    done.await();
    return n;
  }
}
