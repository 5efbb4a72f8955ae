package org.await4j;

import java.time.Duration;
import java.util.Objects;

/**
 * The async twins of the {@link Async} methods of {@link Tasks}, as the processor would write
 * them for a user's class: a call to {@code Tasks.withTimeout(...)} in an {@code @Async} body
 * suspends on {@code TasksAsync.withTimeout(...)}. Plain code may call them to get the {@link
 * Task}.
 */
public final class TasksAsync {
  private TasksAsync() {}

  /**
   * The task of {@link Tasks#withTimeout(Task, Duration)} (asyncio's {@code wait_for}): it fails
   * with a {@link java.util.concurrent.TimeoutException} if {@code timeout} passes before {@code
   * task} is done. Cancelling it cancels {@code task}.
   */
  public static <T> Task<T> withTimeout(Task<T> task, Duration timeout) {
    return WithTimeout.start(Objects.requireNonNull(task, "task"),
        Objects.requireNonNull(timeout, "timeout"));
  }
}
