package org.await4j.benchmarks;

import java.util.concurrent.TimeUnit;
import org.await4j.EventLoop;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W1: one async call plus its await when the awaited value is already complete, measured as a
 * chain of {@value #DEPTH} nested calls. One op is one whole chain: the cost per call is the
 * score divided by {@value #DEPTH} (benchmarks/run prints it so).
 *
 * <p>await4j runs on a loop, as async code does: each invocation runs {@value #CHAINS} chains
 * inside one {@code EventLoop.run}, so the cost of making that loop is spread over {@value
 * #CHAINS} x {@value #DEPTH} calls. The baselines run the same {@value #CHAINS} chains per
 * invocation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class W1CallChain {
  public static final int DEPTH = 100;
  static final int CHAINS = 100;

  /** Not a constant, so that the JIT cannot fold the chains. */
  int depth = DEPTH;

  @Benchmark
  @OperationsPerInvocation(CHAINS)
  public int await4j() {
    return EventLoop.run(() -> CallChainAsync.chains(CHAINS, depth));
  }

  /** A receiver of a subclass that overrides nothing (not final, so the JIT cannot know). */
  SubclassedChain receiver = new SubclassedChain.Sub();

  /** W1 as users write it: instance methods on a subclass object, awaiting a done CompletableFuture. */
  @Benchmark
  @OperationsPerInvocation(CHAINS)
  public int await4jSubclassedCompletableFuture() {
    return EventLoop.run(() -> SubclassedChainAsync.chains(receiver, CHAINS, depth));
  }

  /** A receiver of a subclass that overrides the method with an @Async method calling super. */
  SubclassedChain overriding = new SubclassedChain.Overriding();

  /** W1 on an overriding receiver: each level runs the override, which calls super. */
  @Benchmark
  @OperationsPerInvocation(CHAINS)
  public int await4jOverridden() {
    return EventLoop.run(() -> SubclassedChainAsync.chains(overriding, CHAINS, depth));
  }

  /** The floor for {@link #await4jOverridden}: the same plain override calling super. */
  @Benchmark
  @OperationsPerInvocation(CHAINS)
  public int plainOverridden() {
    int sum = 0;
    for (int i = 0; i < CHAINS; i++) {
      sum += overriding.plain(depth);
    }
    return sum;
  }

  PrivateChain encapsulated = new PrivateChain();

  /** W1 whose levels read and write a private field and call a private helper (W1p). */
  @Benchmark
  @OperationsPerInvocation(CHAINS)
  public int await4jPrivateMembers() {
    return EventLoop.run(() -> PrivateChainAsync.hiddenChains(encapsulated, CHAINS, depth));
  }

  /** The same with package-private members, the baseline of W1p. */
  @Benchmark
  @OperationsPerInvocation(CHAINS)
  public int await4jPackageMembers() {
    return EventLoop.run(() -> PrivateChainAsync.openChains(encapsulated, CHAINS, depth));
  }

  @Benchmark
  @OperationsPerInvocation(CHAINS)
  public int plainSubclassed() {
    int sum = 0;
    for (int i = 0; i < CHAINS; i++) {
      sum += receiver.plain(depth);
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(CHAINS)
  public int plain() {
    int sum = 0;
    for (int i = 0; i < CHAINS; i++) {
      sum += CallChain.plain(depth);
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(CHAINS)
  public int completableFutureThenApply() {
    int sum = 0;
    for (int i = 0; i < CHAINS; i++) {
      sum += CallChain.cfApply(depth).join();
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(CHAINS)
  public int completableFutureThenCompose() {
    int sum = 0;
    for (int i = 0; i < CHAINS; i++) {
      sum += CallChain.cfCompose(depth).join();
    }
    return sum;
  }
}
