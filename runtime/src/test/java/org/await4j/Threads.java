package org.await4j;

/** Test helpers for other threads. */
final class Threads {
  private Threads() {}

  /** Starts {@code body} on a new daemon thread. */
  static Thread start(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * Waits until {@code t} is parked (or waiting). Not for ordering results, only to make sure a
   * wake-up path is the one exercised; the outcome of a test never depends on it.
   */
  static void awaitParked(Thread t) {
    while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
      if (!t.isAlive()) {
        throw new AssertionError(t.getName() + " ended instead of parking");
      }
      Thread.yield();
    }
  }
}
