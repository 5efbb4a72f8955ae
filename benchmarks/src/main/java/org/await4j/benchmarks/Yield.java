package org.await4j.benchmarks;

import org.await4j.EventLoop;
import org.await4j.Task;

/**
 * A yield for W2: a task that the current loop completes in its next pass. Awaiting it suspends
 * the machine once and resumes it through the loop.
 *
 * <p>The public runtime has no yield and no completable task (a promise): this is the cheapest
 * way it allows, a {@link Task} subclass (through its protected constructor) that is also the
 * {@link Runnable} handed to {@link EventLoop#execute}. It costs one allocation per hop, this
 * task (32 B); a zero-allocation yield needs runtime support.
 */
final class Yield extends Task<Void> implements Runnable {
  private Yield() {}

  /** A task that the loop of the calling thread completes in its next pass. */
  static Task<Void> now() {
    Yield y = new Yield();
    EventLoop.current().execute(y);
    return y;
  }

  @Override
  public void run() {
    succeed(null);
  }
}
