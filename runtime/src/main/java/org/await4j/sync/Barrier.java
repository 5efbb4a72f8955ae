package org.await4j.sync;

import org.await4j.EventLoop;
import org.await4j.Task;

/**
 * A meeting point for a fixed number of tasks: asyncio's {@code asyncio.Barrier} (Java's {@code
 * CyclicBarrier}). Each task calls {@link #arriveAndWait()}; when the last of {@link #parties()}
 * tasks arrives, all of them go on together, and the barrier is ready for the next round.
 *
 * <pre>{@code
 * int index = await(barrier.arriveAndWait());   // asyncio: index = await barrier.wait()
 * }</pre>
 *
 * <p>The index is the task's place in the round's arrival order, from 0 to {@code parties() -
 * 1}; the task that completes the round gets {@code parties() - 1}. ({@code wait()} is taken by
 * {@link Object#wait()}, hence the name.)
 *
 * <p>A cancelled waiter leaves the round as if it had never arrived (the round then needs one more
 * task). {@link #abort()} breaks the barrier: waiting and later arrivals fail with {@link
 * BarrierBrokenException} until {@link #reset()}.
 *
 * <p><b>Loop-confined.</b> The barrier belongs to the event loop it is first used on; its
 * operations throw {@link IllegalStateException} on any other loop or thread. The queries may be
 * read anywhere (from another thread they may be stale).
 */
public final class Barrier {
  private final int parties;
  private final Task<Integer> last;
  private EventLoop loop;
  private boolean broken;
  private WaitList<PlainWaiter<Integer>> waiting = new WaitList<>();

  /**
   * A barrier for {@code parties} tasks.
   *
   * @throws IllegalArgumentException if {@code parties} is less than 1
   */
  public Barrier(int parties) {
    if (parties < 1) {
      throw new IllegalArgumentException("parties must be 1 or more, not " + parties);
    }
    this.parties = parties;
    this.last = Task.completed(parties - 1);
  }

  /**
   * Arrives and waits for the round to fill (asyncio {@code await barrier.wait()}). The task
   * yields this arrival's index; it is done at once for the task that fills the round, and failed
   * with {@link BarrierBrokenException} if the barrier is broken.
   */
  public Task<Integer> arriveAndWait() {
    EventLoop l = loop();
    if (broken) {
      return Task.failed(new BarrierBrokenException("the barrier is broken: reset() it first"));
    }
    if (waiting.size() == parties - 1) {
      WaitList<PlainWaiter<Integer>> round = waiting;
      waiting = new WaitList<>();
      int index = 0;
      PlainWaiter<Integer> w;
      while ((w = round.poll()) != null) {
        w.wake(index++);
      }
      return last;
    }
    PlainWaiter<Integer> w = new PlainWaiter<>(l, true); // the round counts its list
    waiting.add(w);
    return w;
  }

  /**
   * Empties the barrier for a new round and clears a broken state (asyncio {@code await
   * barrier.reset()}, which needs no await here). Tasks waiting now fail with {@link
   * BarrierBrokenException}.
   */
  public void reset() {
    loop();
    broken = false;
    breakRound("the barrier was reset while this task waited");
  }

  /**
   * Breaks the barrier (asyncio {@code await barrier.abort()}, which needs no await here): waiting
   * tasks and later arrivals fail with {@link BarrierBrokenException}, until {@link #reset()}.
   */
  public void abort() {
    loop();
    broken = true;
    breakRound("the barrier was aborted while this task waited");
  }

  /** The number of tasks that fill a round (asyncio {@code barrier.parties}). */
  public int parties() {
    return parties;
  }

  /** The number of tasks waiting in the current round (asyncio {@code barrier.n_waiting}). */
  public int waiting() {
    return waiting.size();
  }

  /** Whether the barrier is broken (asyncio {@code barrier.broken}). */
  public boolean isBroken() {
    return broken;
  }

  @Override
  public String toString() {
    return "Barrier[" + (broken ? "broken" : waiting.size() + "/" + parties + " waiting") + "]";
  }

  private void breakRound(String message) {
    if (waiting.isEmpty()) {
      return;
    }
    WaitList<PlainWaiter<Integer>> round = waiting;
    waiting = new WaitList<>();
    PlainWaiter<Integer> w;
    while ((w = round.poll()) != null) {
      w.fail(new BarrierBrokenException(message));
    }
  }

  private EventLoop loop() {
    EventLoop current = EventLoop.current();
    if (current != loop || current == null) {
      loop = Confinement.bind(loop, current, this);
    }
    return current;
  }
}
