package org.await4j.benchmarks;

import java.util.concurrent.ThreadFactory;

/**
 * Virtual threads without compiling against JDK 21: this module is built with {@code --release
 * 17}, so {@code Thread.ofVirtual()} is reached by reflection. The benchmarks that use it run
 * only on JDK 21+ ({@code benchmarks/run} excludes them on older JDKs).
 */
final class VirtualThreads {
  private VirtualThreads() {}

  /** The JVM option that the virtual-thread benchmarks fork with: one carrier thread. */
  static final String ONE_CARRIER = "-Djdk.virtualThreadScheduler.parallelism=1";

  /** {@code Thread.ofVirtual().factory()}. */
  static ThreadFactory factory() {
    try {
      Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
      return (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory")
          .invoke(builder);
    } catch (ReflectiveOperationException e) {
      throw new UnsupportedOperationException(
          "virtual threads need JDK 21 or newer; this is " + Runtime.version()
              + " (benchmarks/run leaves these benchmarks out below 21)", e);
    }
  }

  /** Fails fast when the fork was not started with one carrier. */
  static void checkOneCarrier() {
    if (!"1".equals(System.getProperty("jdk.virtualThreadScheduler.parallelism"))) {
      throw new IllegalStateException("fork the JVM with " + ONE_CARRIER);
    }
  }
}
