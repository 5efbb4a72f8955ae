package org.await4j.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * IO-1 in rounds, in one JVM (benchmarks/run-io1-rounds): each round runs one invocation of
 * {@link IO1PingPong} ({@value IO1PingPong#TRIPS} round trips) per system, in an order that
 * alternates from round to round, and notes its wall time, the process's CPU time and the loop
 * thread's allocations per round trip. Neighbours on a shared machine move whole runs by 2x; a
 * round lasts a few seconds, so the per-round ratios stay close and their median is the figure.
 *
 * <p>Arguments: the number of rounds (after {@value #WARMUP} more to warm up), then any number of
 * benchmarks.jar files built from other commits: each adds its await4j, loaded in a class loader
 * of its own, to compare runtimes in the same process. Virtual threads run when the JVM has
 * {@value VirtualThreads#ONE_CARRIER} (JDK 21+).
 */
public final class IO1Rounds {
  private static final int WARMUP = 6;

  private final List<String> names = new ArrayList<>();
  private final List<MethodHandle> runs = new ArrayList<>();

  private void add(String name, MethodHandle run) {
    names.add(name);
    runs.add(run);
  }

  public static void main(String[] args) throws Throwable {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    IO1Rounds r = new IO1Rounds();
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    MethodType returnsInt = MethodType.methodType(int.class);
    IO1PingPong here = new IO1PingPong();
    r.add("await4j", lookup.findVirtual(IO1PingPong.class, "await4j", returnsInt).bindTo(here));
    for (int i = 1; i < args.length; i++) {
      URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(args[i]).toUri().toURL()},
          ClassLoader.getPlatformClassLoader());
      Class<?> c = loader.loadClass(IO1PingPong.class.getName());
      Object other = c.getConstructor().newInstance();
      r.add("await4j of " + Path.of(args[i]).getFileName(),
          lookup.findVirtual(c, "await4j", returnsInt).bindTo(other));
    }
    r.add("raw NIO", lookup.findVirtual(IO1PingPong.class, "rawNio", returnsInt).bindTo(here));
    if ("1".equals(System.getProperty("jdk.virtualThreadScheduler.parallelism"))) {
      IO1PingPong.Carrier carrier = new IO1PingPong.Carrier();
      carrier.setUp();
      r.add("virtual threads", lookup.findVirtual(IO1PingPong.class, "virtualThread",
          MethodType.methodType(int.class, IO1PingPong.Carrier.class)).bindTo(here)
          .bindTo(carrier));
    }
    r.run(rounds);
  }

  private void run(int rounds) throws Throwable {
    com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean();
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    int n = runs.size();
    double[][][] m = new double[n][rounds][]; // system, round: wall ns, CPU ns, bytes per trip
    for (int round = -WARMUP; round < rounds; round++) {
      StringBuilder line = new StringBuilder();
      for (int k = 0; k < n; k++) {
        int s = (round & 1) == 0 ? k : n - 1 - k;
        long bytes = threads.getCurrentThreadAllocatedBytes();
        long cpu = os.getProcessCpuTime();
        long start = System.nanoTime();
        int trips = (int) runs.get(s).invokeExact();
        double wall = (double) (System.nanoTime() - start) / trips;
        double cpuPerTrip = (double) (os.getProcessCpuTime() - cpu) / trips;
        double b = (double) (threads.getCurrentThreadAllocatedBytes() - bytes) / trips;
        if (round >= 0) {
          m[s][round] = new double[] {wall, cpuPerTrip, b};
        }
      }
      if (round >= 0) {
        line.append(String.format("round %2d:", round + 1));
        for (int s = 0; s < n; s++) {
          line.append(String.format("  %s %.0f k/s, CPU %.2f us", names.get(s),
              1e6 / m[s][round][0], m[s][round][1] / 1e3));
        }
        System.out.println(line);
      }
    }
    System.out.printf("%nmedians of %d rounds (IO-1, %d round trips a round per system):%n",
        rounds, IO1PingPong.TRIPS);
    for (int s = 0; s < n; s++) {
      String bytes = names.get(s).startsWith("virtual") ? "-" // allocated on other threads
          : String.format("%.0f B", median(m[s], r -> r[2]));
      System.out.printf("  %-28s %6.1f k round trips/s  CPU %6.2f us per round trip  %s%n",
          names.get(s), 1e6 / median(m[s], r -> r[0]), median(m[s], r -> r[1]) / 1e3, bytes);
    }
    System.out.println("await4j's round trips/s and CPU per round trip against each other system"
        + " (medians of the per-round ratios):");
    for (int s = 1; s < n; s++) {
      double[] speed = new double[rounds];
      double[] cpu = new double[rounds];
      for (int i = 0; i < rounds; i++) {
        speed[i] = m[s][i][0] / m[0][i][0];
        cpu[i] = m[0][i][1] / m[s][i][1];
      }
      System.out.printf("  vs %-25s %.2fx round trips/s (rounds %.2f-%.2f), %.2fx CPU%n",
          names.get(s), median(speed), min(speed), max(speed), median(cpu));
    }
  }

  private static double median(double[][] rows, java.util.function.ToDoubleFunction<double[]> f) {
    return median(Arrays.stream(rows).mapToDouble(f).toArray());
  }

  private static double median(double[] x) {
    double[] s = x.clone();
    Arrays.sort(s);
    int h = s.length / 2;
    return s.length % 2 == 1 ? s[h] : (s[h - 1] + s[h]) / 2;
  }

  private static double min(double[] x) {
    return Arrays.stream(x).min().orElse(Double.NaN);
  }

  private static double max(double[] x) {
    return Arrays.stream(x).max().orElse(Double.NaN);
  }
}
