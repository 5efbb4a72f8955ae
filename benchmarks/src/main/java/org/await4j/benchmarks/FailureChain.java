package org.await4j.benchmarks;

import static org.await4j.Await.await;

import java.io.IOException;
import org.await4j.Async;
import org.await4j.Tasks;

/**
 * W6's bodies: an exception thrown {@code depth} calls deep that leaves every level, as a
 * chain of {@code @Async} calls (its stack trace rewritten to read as the blocking run's) and as
 * the same source methods run blocking.
 */
public class FailureChain {
  private FailureChain() {}

  /** Each level awaits the next; the innermost waits once (a yield) when asked, then throws. */
  @Async
  static int chain(int depth, boolean suspend) throws IOException {
    if (depth == 0) {
      if (suspend) {
        await(Tasks.yieldNow());
      }
      throw new IOException("failed " + depth);
    }
    return chain(depth - 1, suspend) + 1;
  }

  /** The same chain without the failure: what the levels and the wait cost alone. */
  @Async
  static int succeeding(int depth, boolean suspend) {
    if (depth == 0) {
      if (suspend) {
        await(Tasks.yieldNow());
      }
      return 1;
    }
    return succeeding(depth - 1, suspend) + 1;
  }

  /** Runs {@code count} succeeding chains on the loop. */
  @Async
  static int succeedingChains(int count, int depth, boolean suspend) {
    int sum = 0;
    for (int i = 0; i < count; i++) {
      sum += succeeding(depth, suspend);
    }
    return sum;
  }

  /** Runs {@code count} failing chains on the loop, each handled by its message. */
  @Async
  static int chains(int count, int depth, boolean suspend) {
    int sum = 0;
    for (int i = 0; i < count; i++) {
      try {
        sum += chain(depth, suspend);
      } catch (IOException e) {
        sum += e.getMessage().length();
      }
    }
    return sum;
  }

  /** Runs {@code count} failing chains on the loop, reading each failure's trace, as a logger. */
  @Async
  static int chainsReadingTraces(int count, int depth, boolean suspend) {
    int sum = 0;
    for (int i = 0; i < count; i++) {
      try {
        sum += chain(depth, suspend);
      } catch (IOException e) {
        sum += e.getStackTrace().length;
      }
    }
    return sum;
  }

  /** The blocking run of the same chains: plain calls of the source methods. */
  static int plainChains(int count, int depth, boolean readTrace) {
    int sum = 0;
    for (int i = 0; i < count; i++) {
      try {
        sum += chain(depth, false);
      } catch (IOException e) {
        sum += readTrace ? e.getStackTrace().length : e.getMessage().length();
      }
    }
    return sum;
  }
}
