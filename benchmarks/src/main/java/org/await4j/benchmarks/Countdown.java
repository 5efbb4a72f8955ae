package org.await4j.benchmarks;

/** A task that completes once {@link #arrive()} has been called {@code parties} times; loop-confined. */
final class Countdown extends Gate<Integer> {
  private int remaining;
  private final int parties;

  Countdown(int parties) {
    this.parties = parties;
    this.remaining = parties;
    if (parties == 0) {
      open(0);
    }
  }

  void arrive() {
    if (--remaining == 0) {
      open(parties);
    }
  }
}
