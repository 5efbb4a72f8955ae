package org.await4j.sync;

/**
 * A {@link Semaphore} that refuses to hold more permits than it started with: asyncio's {@code
 * asyncio.BoundedSemaphore}. A {@link #release()} without a matching acquire is a bug that this
 * class reports instead of silently raising the limit.
 */
public final class BoundedSemaphore extends Semaphore {
  private final int bound;

  /**
   * A semaphore with {@code permits} permits, which is also the most it may ever hold.
   *
   * @throws IllegalArgumentException if {@code permits} is negative
   */
  public BoundedSemaphore(int permits) {
    super(permits);
    this.bound = permits;
  }

  /**
   * Gives a permit back, as {@link Semaphore#release()} does.
   *
   * @throws IllegalStateException if all permits are already free (asyncio raises {@code
   *     ValueError})
   */
  @Override
  public void release() {
    loop();
    if (availablePermits() >= bound) {
      throw new IllegalStateException(
          "BoundedSemaphore released too many times: all " + bound + " permits are free");
    }
    releaseOne();
  }
}
