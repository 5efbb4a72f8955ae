package org.await4j;

/** When {@link Tasks#wait} returns (asyncio's {@code return_when}). */
public enum WaitMode {
  /** As soon as any task is done (asyncio's {@code FIRST_COMPLETED}). */
  FIRST_COMPLETED,
  /**
   * As soon as any task fails with an exception other than a cancellation, else when all are done
   * (asyncio's {@code FIRST_EXCEPTION}).
   */
  FIRST_EXCEPTION,
  /** When every task is done (asyncio's {@code ALL_COMPLETED}). */
  ALL_COMPLETED
}
