package org.await4j.internal;

/**
 * A task that hands its awaiter something that must not be lost: a lock, a permit, an item (the
 * waits of {@code org.await4j.sync}). Not API.
 *
 * <p>A body may be cancelled after such a task succeeded but before the body resumed to take
 * the value; it then resumes with the {@code CancellationException} instead, and tells the task
 * so through {@link #refused()}, which gives the value back to its primitive. Cancelling the
 * task itself changes nothing once it is done: a done task keeps its value, so a grant goes back
 * only when the body that awaited it really did not get it.
 */
public interface Handover {
  /** The awaiting body resumed with an exception instead of this task's value. */
  void refused();
}
