package org.await4j.benchmarks;

import static org.await4j.Await.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.await4j.Async;
import org.await4j.EventLoop;

/** W2's bodies: {@code n} hops, each one suspension and one resumption through a scheduler. */
public class Hops {
  private Hops() {}

  /** await4j: awaits a task that the loop completes in its next pass ({@link Yield}). */
  @Async
  static int yields(int n) {
    int sum = 0;
    for (int i = 0; i < n; i++) {
      await(Yield.now());
      sum++;
    }
    return sum;
  }

  /** await4j with the runtime's own yield, where it has one ({@link RuntimeYield}). */
  @Async
  static int runtimeYields(int n) {
    int sum = 0;
    for (int i = 0; i < n; i++) {
      await(RuntimeYield.now());
      sum++;
    }
    return sum;
  }

  /**
   * await4j through a timer of zero ({@code EventLoop.sleep(ZERO)} is a plain yield, as
   * asyncio's {@code sleep(0)}; the loop's {@code schedule(ZERO)} is still a timer).
   */
  @Async
  static int sleeps(int n) {
    int sum = 0;
    for (int i = 0; i < n; i++) {
      await(EventLoop.current().schedule(Duration.ZERO));
      sum++;
    }
    return sum;
  }

  private static final Runnable NOTHING = () -> {};

  /**
   * CompletableFuture on a one-thread executor: each hop submits an empty task to the executor
   * and continues when it is done ({@code runAsync(...).thenRun(next)}), the way an await of a
   * yield is written with futures.
   */
  static CompletableFuture<Integer> futures(int n, Executor executor) {
    CompletableFuture<Integer> done = new CompletableFuture<>();
    executor.execute(() -> futureHop(0, n, executor, done));
    return done;
  }

  private static void futureHop(int i, int n, Executor executor, CompletableFuture<Integer> done) {
    if (i == n) {
      done.complete(i);
      return;
    }
    // Called on the executor's only thread, so the empty task cannot finish before thenRun
    // registers: the continuation always runs from the executor, never inline.
    CompletableFuture.runAsync(NOTHING, executor)
        .thenRun(() -> futureHop(i + 1, n, executor, done));
  }

  /** A virtual thread that yields {@code n} times (with one carrier, it is rescheduled each time). */
  static void threadYields(int n) {
    for (int i = 0; i < n; i++) {
      Thread.yield();
    }
  }
}
