package org.await4j.benchmarks;

import org.await4j.Task;

/**
 * A task that the benchmark completes by hand: the shared gate of W3 and W5. The public runtime
 * has no completable task (a promise), so this subclasses {@link Task} through its protected
 * constructor.
 */
class Gate<T> extends Task<T> {
  /** Completes the gate: every machine suspended on it is scheduled on its loop. */
  void open(T value) {
    succeed(value);
  }
}
