package org.await4j.sync;

import org.await4j.EventLoop;
import org.await4j.Task;

/**
 * A flag that tasks can wait for: asyncio's {@code asyncio.Event}. {@link #set()} wakes every
 * task waiting in {@link #waitUntilSet()}, and later waits complete at once until {@link
 * #clear()}.
 *
 * <pre>{@code
 * await(ready.waitUntilSet());   // asyncio: await ready.wait()
 * }</pre>
 *
 * <p>({@code wait()} is taken by {@link Object#wait()}, hence the name.)
 *
 * <p>Waiters wake in the order they started waiting. A cancelled waiter leaves the queue. A
 * {@code set()} followed by {@code clear()} in the same pass still wakes every task that was
 * waiting at the {@code set()}.
 *
 * <p><b>Loop-confined.</b> The event belongs to the event loop it is first used on; its operations
 * throw {@link IllegalStateException} on any other loop or thread. To set it from another thread,
 * hand the call to its loop: {@code loop.execute(event::set)}. {@link #isSet()} may be read
 * anywhere (from another thread it may be stale).
 */
public final class Event {
  private EventLoop loop;
  private boolean set;
  private WaitList<PlainWaiter<Void>> waiters = new WaitList<>();

  /** A new event, not set, not bound to a loop until its first use. */
  public Event() {}

  /**
   * Waits until the event is set (asyncio {@code await event.wait()}): a done task if it is set
   * now.
   */
  public Task<Void> waitUntilSet() {
    EventLoop l = loop();
    if (set) {
      return Waiter.DONE;
    }
    PlainWaiter<Void> w = new PlainWaiter<>(l);
    waiters.add(w);
    return w;
  }

  /** Sets the event and wakes every waiting task (asyncio {@code event.set()}). */
  public void set() {
    loop();
    if (set) {
      return;
    }
    set = true;
    if (waiters.isEmpty()) {
      return;
    }
    // A woken task's listener may clear the event and wait again: that is a new wait.
    WaitList<PlainWaiter<Void>> woken = waiters;
    waiters = new WaitList<>();
    PlainWaiter<Void> w;
    while ((w = woken.poll()) != null) {
      w.wake(null);
    }
  }

  /** Clears the event: later waits wait again (asyncio {@code event.clear()}). */
  public void clear() {
    loop();
    set = false;
  }

  /** Whether the event is set (asyncio {@code event.is_set()}). */
  public boolean isSet() {
    return set;
  }

  @Override
  public String toString() {
    return "Event[" + (set ? "set" : "unset") + ", waiters=" + waiters.size() + "]";
  }

  private EventLoop loop() {
    EventLoop current = EventLoop.current();
    if (current != loop || current == null) {
      loop = Confinement.bind(loop, current, this);
    }
    return current;
  }
}
