package org.await4j.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W2: one suspend and resume through the scheduler (a yield). One op is one hop; each invocation
 * makes {@value #HOPS} hops in one task, so starting it (a loop, an executor job, a thread) is
 * spread over them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class W2Yield {
  static final int HOPS = 1000;

  int hops = HOPS;
  ExecutorService executor;

  @Setup(Level.Trial)
  public void setUp() {
    executor = Executors.newSingleThreadExecutor();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws InterruptedException {
    executor.shutdown();
    executor.awaitTermination(10, TimeUnit.SECONDS);
  }

  /** await4j, awaiting a task that the loop completes in its next pass. */
  @Benchmark
  @OperationsPerInvocation(HOPS)
  public int await4j() {
    return EventLoop.run(() -> HopsAsync.yields(hops));
  }

  /** Present only where the runtime has {@code Tasks.yieldNow()}. */
  @State(Scope.Thread)
  public static class HasRuntimeYield {
    @Setup(Level.Trial)
    public void check() {
      if (!RuntimeYield.available()) {
        throw new UnsupportedOperationException("this runtime has no Tasks.yieldNow()");
      }
    }
  }

  /** await4j, awaiting the runtime's own {@code Tasks.yieldNow()} (no allocation meant). */
  @Benchmark
  @OperationsPerInvocation(HOPS)
  public int await4jTasksYieldNow(HasRuntimeYield has) {
    return EventLoop.run(() -> HopsAsync.runtimeYields(hops));
  }

  /** await4j, awaiting a timer of zero ({@code EventLoop.current().schedule(Duration.ZERO)}). */
  @Benchmark
  @OperationsPerInvocation(HOPS)
  public int await4jSleepZero() {
    return EventLoop.run(() -> HopsAsync.sleeps(hops));
  }

  @Benchmark
  @OperationsPerInvocation(HOPS)
  public int completableFuture() {
    return Hops.futures(hops, executor).join();
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
  @OperationsPerInvocation(HOPS)
  @Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"},
      jvmArgsAppend = VirtualThreads.ONE_CARRIER)
  public void virtualThread(Carrier carrier) throws InterruptedException {
    Thread t = carrier.factory.newThread(() -> Hops.threadYields(hops));
    t.start();
    t.join();
  }
}
