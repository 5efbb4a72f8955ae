package org.await4j;

import java.util.concurrent.CompletionStage;

/**
 * The {@code await} of async/await. In an {@link Async} body compiled by the processor each call
 * is a suspension point: the state machine waits without blocking its loop thread. Everywhere
 * else (the same method called directly, plain code) it blocks the calling thread until the
 * value is there, which is what makes the source method valid, testable, blocking Java.
 */
public final class Await {
  private Await() {}

  /**
   * Waits for {@code task} and returns its result, or rethrows its exception object unchanged.
   *
   * @throws IllegalStateException when called on an event-loop thread outside a state machine,
   *     where blocking would stop the loop
   */
  public static <T> T await(Task<T> task) {
    if (Debug.BLOCKING) {
      BlockingBody<?> body = BlockingBody.onThisThread();
      if (body != null) {
        return body.await(task); // blocking debug mode: hands control back to the loop
      }
    }
    return task.join();
  }

  /**
   * Waits for {@code stage} and returns its value, or rethrows its exception with any {@code
   * CompletionException}/{@code ExecutionException} wrapper removed.
   *
   * @throws IllegalStateException when called on an event-loop thread outside a state machine
   */
  public static <T> T await(CompletionStage<T> stage) {
    return await(Task.from(stage));
  }
}
