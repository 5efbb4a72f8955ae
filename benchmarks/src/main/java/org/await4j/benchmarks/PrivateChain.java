package org.await4j.benchmarks;

import static org.await4j.Await.await;

import org.await4j.Async;
import org.await4j.Task;

/**
 * W1 with encapsulated state: each level reads and writes a field and calls a helper of the
 * class, once {@code private} (the machine reaches them through its accessors over static final
 * handles) and once package-private (direct access), for the same work.
 */
public class PrivateChain {
  static final Task<Integer> ONE = Task.completed(1);

  private int calls;
  private int step(int v) {
    return v + 1;
  }

  int callsOpen;
  int stepOpen(int v) {
    return v + 1;
  }

  /** Each level counts itself in a private field and adds through a private helper. */
  @Async
  int hidden(int depth) {
    calls++;
    if (depth == 0) {
      return await(ONE);
    }
    return step(hidden(depth - 1));
  }

  /** The same with package-private members. */
  @Async
  int open(int depth) {
    callsOpen++;
    if (depth == 0) {
      return await(ONE);
    }
    return stepOpen(open(depth - 1));
  }

  @Async
  int hiddenChains(int count, int depth) {
    int sum = 0;
    for (int i = 0; i < count; i++) {
      sum += hidden(depth);
    }
    return sum + (calls > 0 ? 0 : 1);
  }

  @Async
  int openChains(int count, int depth) {
    int sum = 0;
    for (int i = 0; i < count; i++) {
      sum += open(depth);
    }
    return sum + (callsOpen > 0 ? 0 : 1);
  }
}
