package org.await4j.benchmarks;

import org.await4j.EventLoop;

/**
 * W3 and W3f with the collector out of the way: one system per JVM, a young generation large
 * enough that a run of the million never collects (see {@code benchmarks/run-w3-cpu}), so the
 * time is the code's, not the garbage collector's. JMH's W3 runs in 1 GB with the collector's
 * own sizing, and there a young collection that copies the million waiting tasks falls into some
 * runs and not others: that, not the code, decides its figures on some hosts.
 *
 * <p>Usage: {@code W3WithoutCollection SYSTEM ROUNDS}, SYSTEM one of {@code await4j},
 * {@code await4jOnCompletableFuture}, {@code completableFuture}; prints the median ns per task
 * of the second half of the rounds.
 */
public final class W3WithoutCollection {
  private W3WithoutCollection() {}

  public static void main(String[] args) {
    String system = args[0];
    int rounds = Integer.parseInt(args[1]);
    int n = W3Gate.TASKS;
    double[] perTask = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      System.gc();
      System.gc();
      long start = System.nanoTime();
      switch (system) {
        case "await4j":
          EventLoop.run(() -> GateWait.await4j(n));
          break;
        case "await4jOnCompletableFuture":
          EventLoop.run(() -> GateWait.await4jOnFuture(n));
          break;
        case "completableFuture":
          GateWait.futures(n);
          break;
        default:
          throw new IllegalArgumentException(system);
      }
      perTask[r] = (System.nanoTime() - start) / (double) n;
    }
    double[] later = java.util.Arrays.copyOfRange(perTask, rounds / 2, rounds);
    java.util.Arrays.sort(later);
    System.out.printf("%s %.1f ns per task (median of the last %d of %d runs of %,d)%n",
        system, later[later.length / 2], later.length, rounds, n);
  }
}
