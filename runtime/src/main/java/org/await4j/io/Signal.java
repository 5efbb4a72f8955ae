package org.await4j.io;

import org.await4j.Task;

/** A task that its owner completes once something has happened (a channel closed, say). */
final class Signal extends Task<Void> {
  static final Task<Void> DONE = Task.completed(null);

  void fire() {
    succeed(null);
  }

  void fail(Throwable t) {
    failWith(t);
  }
}
