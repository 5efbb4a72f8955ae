package org.await4j.benchmarks;

import static org.await4j.Await.await;

import java.util.concurrent.CompletableFuture;
import org.await4j.Async;

/**
 * W1 as users write it: an instance {@code @Async} method of a class that something subclasses
 * (JMH does; so do Spring proxies, Mockito spies and users' own classes), called on a subclass
 * object that does not override it, and awaiting a {@code CompletableFuture} that is already
 * done rather than a {@code Task}.
 */
public class SubclassedChain {
  static final CompletableFuture<Integer> ONE = CompletableFuture.completedFuture(1);

  /** Calls itself {@code depth} deep on the same receiver; the innermost awaits a done future. */
  @Async
  int chain(int depth) {
    if (depth == 0) {
      return await(ONE);
    }
    return chain(depth - 1) + 1;
  }

  /** Runs {@code count} chains one after the other on the loop (spreads EventLoop.run's cost). */
  @Async
  int chains(int count, int depth) {
    int sum = 0;
    for (int i = 0; i < count; i++) {
      sum += chain(depth);
    }
    return sum;
  }

  /** The floor: the same chain as plain calls on the same receiver. */
  int plain(int depth) {
    if (depth == 0) {
      return ONE.join();
    }
    return plain(depth - 1) + 1;
  }

  /** A subclass that overrides nothing: the receiver the benchmark uses. */
  public static class Sub extends SubclassedChain {}

  /**
   * A subclass whose override decorates the method, as users' subclasses and proxies do: each
   * level of the chain dispatches to the override, which calls {@code super}.
   */
  public static class Overriding extends SubclassedChain {
    @Async
    @Override
    int chain(int depth) {
      return super.chain(depth);
    }

    @Override
    int plain(int depth) {
      return super.plain(depth);
    }
  }
}
