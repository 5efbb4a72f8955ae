package org.await4j.benchmarks;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.await4j.EventLoop;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W3: {@value #TASKS} tasks each suspended on one shared gate, then all released. Each
 * iteration is one whole run of the million (single shot); one op is one task, so the score is
 * ns per task and {@code -prof gc} gives bytes per task. The time for the million is the score
 * times {@value #TASKS}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 15)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class W3Gate {
  public static final int TASKS = 1_000_000;

  int tasks = TASKS;

  /**
   * Each run of the million starts from a collected heap, as a one-shot run would: without it,
   * whether a young collection (which copies the live tasks) falls inside the run depends on the
   * garbage the previous iteration left, and the runs differ fourfold.
   */
  @Setup(Level.Iteration)
  public void collect() {
    System.gc();
    System.gc();
  }

  @Benchmark
  @OperationsPerInvocation(TASKS)
  public int await4j() {
    return EventLoop.run(() -> GateWait.await4j(tasks));
  }

  /** The gate is a CompletableFuture, as users mostly await. */
  @Benchmark
  @OperationsPerInvocation(TASKS)
  public int await4jOnCompletableFuture() {
    return EventLoop.run(() -> GateWait.await4jOnFuture(tasks));
  }

  @Benchmark
  @OperationsPerInvocation(TASKS)
  public int completableFuture() {
    return GateWait.futures(tasks);
  }

  /** Virtual threads with one carrier thread (JDK 21+). */
  @State(Scope.Thread)
  public static class Carrier {
    ThreadFactory factory;

    @Setup(Level.Trial)
    public void setUp() {
      VirtualThreads.checkOneCarrier();
      factory = VirtualThreads.factory();
    }
  }

  @Benchmark
  @OperationsPerInvocation(TASKS)
  @Warmup(iterations = 1)
  @Measurement(iterations = 2)
  @Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"},
      jvmArgsAppend = VirtualThreads.ONE_CARRIER)
  public int virtualThread(Carrier carrier) throws InterruptedException {
    return GateWait.threads(tasks, carrier.factory);
  }
}
