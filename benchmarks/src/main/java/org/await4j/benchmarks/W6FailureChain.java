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
 * W6: an exception through {@value #DEPTH} {@code @Async} levels, its stack trace written as the
 * blocking run's (async stack traces: each level's frame at its source line), against the same
 * {@value #DEPTH} levels run blocking. One op is one failing chain; each invocation runs
 * {@value #CHAINS} chains, inside one {@code EventLoop.run} for await4j.
 *
 * <p>{@code await4jSuspended}: the innermost level waits once (a yield) before it throws, so
 * every level is a machine and the failure passes from machine to awaiter ten times. {@code
 * await4jFastPath}: nothing waits, the exception goes up through the fast paths' own frames to
 * the caller's handler. Either way the caller's handler reads the message only, so the trace is
 * not written (nothing can read it). The {@code ...ReadTrace} rows read the trace ({@code
 * getStackTrace()}), as a program that logs the failure does: it is written once, where the
 * caller catches it. {@code await4jSuspendedNoFailure} is the suspended chain succeeding: the
 * levels and the wait without the exception, so that the exception's own cost is the difference.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class W6FailureChain {
  public static final int DEPTH = 10;
  static final int CHAINS = 100;

  /** Not a constant, so that the JIT cannot fold the chains. */
  int depth = DEPTH;

  @Benchmark
  @OperationsPerInvocation(CHAINS)
  public int await4jSuspended() {
    return EventLoop.run(() -> FailureChainAsync.chains(CHAINS, depth, true));
  }

  @Benchmark
  @OperationsPerInvocation(CHAINS)
  public int await4jFastPath() {
    return EventLoop.run(() -> FailureChainAsync.chains(CHAINS, depth, false));
  }

  /** The suspended chain without the failure: what the levels and the wait cost alone. */
  @Benchmark
  @OperationsPerInvocation(CHAINS)
  public int await4jSuspendedNoFailure() {
    return EventLoop.run(() -> FailureChainAsync.succeedingChains(CHAINS, depth, true));
  }

  @Benchmark
  @OperationsPerInvocation(CHAINS)
  public int blocking() {
    return FailureChain.plainChains(CHAINS, depth, false);
  }

  @Benchmark
  @OperationsPerInvocation(CHAINS)
  public int await4jSuspendedReadTrace() {
    return EventLoop.run(() -> FailureChainAsync.chainsReadingTraces(CHAINS, depth, true));
  }

  @Benchmark
  @OperationsPerInvocation(CHAINS)
  public int blockingReadTrace() {
    return FailureChain.plainChains(CHAINS, depth, true);
  }
}
