package org.await4j.benchmarks;

import static org.await4j.Await.await;

import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.await4j.Async;
import org.await4j.Task;

/**
 * W5's bodies: a large array that is used before the suspension point and dead after it. A
 * suspended task should not keep it alive, as the compiled blocking run does not.
 */
public class Retention {
  private Retention() {}

  /** The size of the large object each body makes. */
  static final int BIG = 64 * 1024;

  /** Weak references to the large objects made since {@link #track}, to count those still reachable. */
  private static final List<WeakReference<byte[]>> TRACKED = new ArrayList<>();

  /** The body, compiled by await4j; called directly it is the blocking run. */
  @Async
  static int holder(Task<Integer> gate) {
    byte[] big = allocate();
    int n = big.length + big[0];
    return n + await(gate);
  }

  /**
   * The control: the array is still used after the suspension, so every system must keep it. If
   * this shows 0 kept alive, the measurement is broken.
   */
  @Async
  static int holderLive(Task<Integer> gate) {
    byte[] big = allocate();
    int v = await(gate);
    return big.length + v;
  }

  /** The same body with CompletableFuture: the callback captures only what it uses. */
  static CompletableFuture<Integer> holderFuture(CompletableFuture<Integer> gate) {
    byte[] big = allocate();
    int n = big.length + big[0];
    return gate.thenApply(v -> n + v);
  }

  static byte[] allocate() {
    byte[] big = new byte[BIG];
    big[0] = 1;
    synchronized (TRACKED) {
      TRACKED.add(new WeakReference<>(big));
    }
    return big;
  }

  /** Forgets what was tracked and makes room for {@code n} more, before a measurement starts. */
  static void track(int n) {
    synchronized (TRACKED) {
      TRACKED.clear();
      ((ArrayList<WeakReference<byte[]>>) TRACKED).ensureCapacity(n);
    }
  }

  /** How many tracked large objects are still reachable (call after {@link #usedAfterGc}). */
  static int keptAlive() {
    synchronized (TRACKED) {
      int n = 0;
      for (WeakReference<byte[]> r : TRACKED) {
        if (r.get() != null) {
          n++;
        }
      }
      return n;
    }
  }

  /** Heap in use after full collections. */
  static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
