package org.await4j.internal;

import org.await4j.Task;

/**
 * A wait whose value is taken when the awaiting body resumes, not when the body is woken (the
 * queues of {@code org.await4j.sync}, as asyncio's {@code get()} and {@code put()} take their
 * item when their task runs). Not API.
 *
 * <p>Such a task stays pending while its body is woken: it takes the one machine that awaits it
 * off its listeners and schedules it itself; the machine, before its step, calls {@link
 * #claimOnResume}.
 */
public interface ClaimOnResume {
  /**
   * The machine {@code awaiter}, woken by this task, resumes now: the task takes its value and
   * completes (true: the body reads it), or, with nothing to take any more, waits again with
   * {@code awaiter} as its listener (false: the machine goes back to waiting).
   */
  boolean claimOnResume(Task<?> awaiter);
}
