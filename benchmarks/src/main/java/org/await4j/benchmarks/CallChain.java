package org.await4j.benchmarks;

import static org.await4j.Await.await;

import java.util.concurrent.CompletableFuture;
import org.await4j.Async;
import org.await4j.Task;

/**
 * W1's bodies: a chain of {@code depth} nested calls where nothing ever suspends, so that each
 * level costs one call plus one await of a value that is already there.
 */
public class CallChain {
  private CallChain() {}

  static final Task<Integer> ONE = Task.completed(1);
  static final CompletableFuture<Integer> CF_ONE = CompletableFuture.completedFuture(1);

  /** await4j: calls itself {@code depth} deep (each call awaits the callee); the innermost awaits a done task. */
  @Async
  static int chain(int depth) {
    if (depth == 0) {
      return await(ONE);
    }
    return chain(depth - 1) + 1;
  }

  /**
   * Runs {@code count} chains one after the other on the loop. It never suspends either, so it
   * only spreads the cost of {@code EventLoop.run} (a new loop per JMH invocation) over many
   * chains.
   */
  @Async
  static int chains(int count, int depth) {
    int sum = 0;
    for (int i = 0; i < count; i++) {
      sum += chain(depth);
    }
    return sum;
  }

  /** The floor: the same chain as plain calls. */
  static int plain(int depth) {
    if (depth == 0) {
      return 1;
    }
    return plain(depth - 1) + 1;
  }

  /** CompletableFuture, the cheapest way: {@code thenApply} on a future that is already done. */
  static CompletableFuture<Integer> cfApply(int depth) {
    if (depth == 0) {
      return CF_ONE;
    }
    return cfApply(depth - 1).thenApply(v -> v + 1);
  }

  /** CompletableFuture as an async call: {@code thenCompose} with a {@code completedFuture} per level. */
  static CompletableFuture<Integer> cfCompose(int depth) {
    if (depth == 0) {
      return CF_ONE;
    }
    return cfCompose(depth - 1).thenCompose(v -> CompletableFuture.completedFuture(v + 1));
  }
}
