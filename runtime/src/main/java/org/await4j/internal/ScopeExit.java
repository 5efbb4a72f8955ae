package org.await4j.internal;

/**
 * A resource that decides how the block it guards ends: asyncio's {@code __aexit__}, which sees
 * the block's exception and may replace it. Not API: implemented by {@code Timeout} (which turns
 * its own cancellation into a {@code TimeoutException} at the block's end) and called by the
 * try-with-resources of generated state machines, right after the resource is closed.
 *
 * <p>Java's own try-with-resources cannot do this (a close's exception is only added as
 * suppressed), so the blocking run of the same source never calls it: there a scope throws its
 * exception at the blocking await instead. Blocking debug mode calls it at the await that a
 * cancellation reaches, for each scope the body has open, and throws what they make of it.
 */
public interface ScopeExit {
  /**
   * The block has ended, and the resource is closed: {@code failure} is the exception leaving
   * the block, or {@code null} if it ended normally (a return or break included). Returns the
   * exception to throw instead, or {@code null} to end normally; usually {@code failure} itself.
   */
  Throwable bodyEnded(Throwable failure);
}
