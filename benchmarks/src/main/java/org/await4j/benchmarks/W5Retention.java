package org.await4j.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.await4j.EventLoop;
import org.await4j.Task;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W5: memory kept by a suspended task. {@value #TASKS} tasks each make a {@value
 * Retention#BIG}-byte array, use it, and suspend on a gate with the array dead ({@link
 * Retention#holder}). Between full collections before and after they start, the heap grows by
 * what the suspended tasks keep; weak references tell whether the arrays are still reachable.
 *
 * <p>The numbers are auxiliary counters (sums; benchmarks/run divides them): {@code
 * retainedBytes / tasks} is the heap kept per suspended task (the task or thread object itself
 * included, and the harness's own 32-byte {@code WeakReference} per task; thread stacks are off
 * the heap and not counted), {@code keptAlive / tasks} the share of large arrays still reachable.
 * The time score is meaningless (full collections).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class W5Retention {
  static final int TASKS = 1024;

  /** Sums over the measurement; benchmarks/run reports the ratios. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Kept {
    public long retainedBytes;
    public long tasks;
    public long keptAlive;

    @Setup(Level.Iteration)
    public void reset() {
      retainedBytes = 0;
      tasks = 0;
      keptAlive = 0;
    }

    void record(long before, long after, int n) {
      retainedBytes += after - before;
      tasks += n;
      keptAlive += Retention.keptAlive();
    }
  }

  /** Compiles the blocking body before it is measured: its dead locals are dropped only once compiled. */
  @State(Scope.Thread)
  public static class WarmBody {
    @Setup(Level.Trial)
    public void compileBody() {
      Task<Integer> done = Task.completed(1);
      long sum = 0;
      for (int i = 0; i < 20_000; i++) {
        sum += Retention.holder(done);
      }
      if (sum == 0) {
        throw new AssertionError();
      }
    }
  }

  @Benchmark
  public int await4j(Kept kept) {
    return suspendAll(kept, false);
  }

  /** The control: the array is live after the await, so it must be kept (all of them). */
  @Benchmark
  public int await4jControlLiveArray(Kept kept) {
    return suspendAll(kept, true);
  }

  private static int suspendAll(Kept kept, boolean live) {
    return EventLoop.run(() -> {
      Gate<Integer> gate = new Gate<>();
      @SuppressWarnings("unchecked")
      Task<Integer>[] tasks = new Task[TASKS];
      Retention.track(TASKS);
      long before = Retention.usedAfterGc();
      for (int i = 0; i < TASKS; i++) {
        tasks[i] = live ? RetentionAsync.holderLive(gate) : RetentionAsync.holder(gate);
      }
      kept.record(before, Retention.usedAfterGc(), TASKS);
      gate.open(1);
      // resumed in the order they suspended: the last is the last to finish
      return tasks[TASKS - 1];
    });
  }

  @Benchmark
  public Object completableFuture(Kept kept) {
    CompletableFuture<Integer> gate = new CompletableFuture<>();
    CompletableFuture<?>[] tasks = new CompletableFuture<?>[TASKS];
    Retention.track(TASKS);
    long before = Retention.usedAfterGc();
    for (int i = 0; i < TASKS; i++) {
      tasks[i] = Retention.holderFuture(gate);
    }
    kept.record(before, Retention.usedAfterGc(), TASKS);
    gate.complete(1);
    return CompletableFuture.allOf(tasks).join();
  }

  /** The blocking run: the source method called directly on platform threads, blocked in await. */
  @Benchmark
  public Object blockingPlatformThreads(Kept kept, WarmBody warm) throws InterruptedException {
    return blocking(kept, Thread::new);
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

  /** The blocking run on virtual threads (JDK 21+): their frames are kept on the heap. */
  @Benchmark
  @Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"},
      jvmArgsAppend = VirtualThreads.ONE_CARRIER)
  public Object virtualThread(Kept kept, WarmBody warm, Carrier carrier)
      throws InterruptedException {
    return blocking(kept, carrier.factory);
  }

  private static Object blocking(Kept kept, ThreadFactory factory) throws InterruptedException {
    Gate<Integer> gate = new Gate<>();
    Thread[] threads = new Thread[TASKS];
    Retention.track(TASKS);
    long before = Retention.usedAfterGc();
    for (int i = 0; i < TASKS; i++) {
      threads[i] = factory.newThread(() -> Retention.holder(gate));
      threads[i].start();
    }
    for (Thread t : threads) {
      while (t.getState() != Thread.State.WAITING) {
        Thread.onSpinWait();
      }
    }
    kept.record(before, Retention.usedAfterGc(), TASKS);
    gate.open(1);
    for (Thread t : threads) {
      t.join();
    }
    return threads;
  }
}
