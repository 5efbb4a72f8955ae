package org.await4j;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.await4j.internal.AsyncMachine;
import org.await4j.internal.ScopeExit;

/**
 * A deadline over a block of code (asyncio's {@code async with asyncio.timeout(delay)}, Kotlin's
 * {@code withTimeout}):
 *
 * <pre>{@code
 * @Async
 * String firstPage() throws TimeoutException {
 *   try (Timeout t = Timeout.after(Duration.ofSeconds(2))) {
 *     String a = await(fetch("a"));          // both fetches together get two seconds
 *     return a + await(fetch("b"));
 *   }                                        // TimeoutException if the deadline passed first
 * }
 * }</pre>
 *
 * <p>As in asyncio, when the deadline passes the body's task is cancelled ({@link
 * Task#cancel()}): the block receives a {@link java.util.concurrent.CancellationException} at its
 * suspension point (the task it awaits is cancelled first and, once that has ended, its outcome
 * arrives), so cleanup written for cancellation runs ({@code catch (CancellationException e)},
 * {@code finally}, and they may await). At the block's end the scope turns its own cancellation
 * into a {@link TimeoutException} whose cause is that cancellation. The state machine's
 * try-with-resources lets the scope do that (see {@link ScopeExit}); Java's own could not.
 *
 * <p>Cancellation that does not come from this scope is never turned into a timeout: the scope
 * counts cancel requests ({@link Task#cancelling()}, {@link Task#uncancel()}) as asyncio's does,
 * so a {@code cancel()} of the task leaves the block as a {@code CancellationException} even if
 * the deadline passes in the same loop pass. Nested scopes are told apart the same way: an inner
 * scope never converts (and a {@code catch (TimeoutException e)} around it never catches) the
 * deadline of an outer one, which arrives there as a {@code CancellationException}. A body that
 * catches the cancellation and does not rethrow it leaves the scope normally.
 *
 * <p>Where it works: inside an {@code @Async} body, with the body's task as {@link
 * Task#current()} (in {@linkplain Debug#BLOCKING blocking debug mode} too, on the loop's clock
 * as in a machine); and in blocking code (the same body called directly, on a thread that runs
 * no loop), where it bounds the blocking {@code await}s in the block. On a loop thread outside an
 * {@code @Async} body it throws {@link IllegalStateException}.
 *
 * <p>The difference in blocking code and in blocking debug mode: Java's try-with-resources
 * cannot replace the block's exception, so there the {@code TimeoutException} is thrown at the
 * {@code await} that the deadline stopped (and in a callee called directly, where the async run
 * throws a {@code CancellationException}). {@code finally} blocks run the same either way, and
 * the exception that leaves the block is the {@code TimeoutException} in both runs.
 */
public final class Timeout implements AutoCloseable, ScopeExit {
  /**
   * The body that opened the scope: a state machine, or a {@link BlockingBody} in blocking debug
   * mode. What the scope cancels and counts on is {@link #task()}.
   */
  private final Task<?> owner;
  private final EventLoop loop;
  /** The owner's {@link Task#cancelling()} when the scope opened: what is not ours. */
  private final int cancellingBefore;
  /** The deadline passed and the scope cancelled its owner; not yet settled at the block's end. */
  private boolean cancelledOwner;
  private final Blocking blocking;
  /** null: no deadline (asyncio's {@code timeout(None)}), until rescheduled. */
  private Duration delay;
  /** The deadline on the loop's clock ({@link EventLoop#time()}), or on System.nanoTime(). */
  private long deadline;
  private EventLoop.Timer timer;
  private boolean expired;
  private boolean delivered;
  private boolean closed;

  private Timeout(Duration delay, Task<?> owner, EventLoop loop) {
    this.delay = delay;
    this.owner = owner;
    this.loop = loop;
    this.cancellingBefore = owner != null ? task().cancelling() : 0;
    if (owner != null) {
      this.blocking = null;
      if (owner instanceof BlockingBody) {
        ((BlockingBody<?>) owner).opened(this);
      }
      if (delay != null) {
        arm();
      }
    } else {
      this.blocking = new Blocking();
      if (delay != null) {
        blocking.deadline = deadline = System.nanoTime() + Math.max(0, delay.toNanos());
      }
      blocking.open();
    }
  }

  /**
   * Opens a scope whose deadline is {@code delay} from now (asyncio's {@code
   * asyncio.timeout(delay)}). Use it in a try-with-resources statement.
   *
   * @throws IllegalStateException on an event-loop thread outside an {@code @Async} body
   */
  public static Timeout after(Duration delay) {
    return open(Objects.requireNonNull(delay, "delay"));
  }

  /**
   * Opens a scope with no deadline (asyncio's {@code asyncio.timeout(None)}): it never fires
   * unless {@link #reschedule} gives it one.
   */
  public static Timeout withoutDeadline() {
    return open(null);
  }

  private static Timeout open(Duration delay) {
    EventLoop loop = EventLoop.current();
    if (loop == null) {
      return new Timeout(delay, null, null);
    }
    Task<?> current = Task.running(loop);
    if (!(current instanceof AsyncMachine) && !(current instanceof BlockingBody)) {
      throw new IllegalStateException("Timeout.after(...) on the event loop thread '"
          + Thread.currentThread().getName() + "' works only inside an @Async body (it bounds"
          + " that body's awaits): open it there, or bound one task with Tasks.withTimeout");
    }
    return new Timeout(delay, current, loop);
  }

  /** Whether the deadline has passed while the scope was open (asyncio's {@code expired()}). */
  public boolean expired() {
    if (blocking != null && !expired && !closed && delay != null) {
      expired = System.nanoTime() - blocking.deadline >= 0;
    }
    return expired;
  }

  /**
   * The deadline (asyncio's {@code when()}): on the loop's clock ({@link EventLoop#time()}) in an
   * {@code @Async} body, on {@link System#nanoTime()} in blocking code; empty if there is none.
   */
  public java.util.OptionalLong when() {
    return delay == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(deadline);
  }

  /**
   * Moves the deadline to {@code delay} from now (asyncio's {@code reschedule()}); {@code null}
   * drops the deadline. {@code Duration.ZERO} (or less) fires at the next wait.
   *
   * @throws IllegalStateException if the scope has expired or is closed
   */
  public void reschedule(Duration delay) {
    if (closed || expired()) {
      throw new IllegalStateException("the timeout has " + (closed ? "closed" : "expired"));
    }
    this.delay = delay;
    if (blocking != null) {
      if (delay != null) {
        blocking.deadline = deadline = System.nanoTime() + Math.max(0, delay.toNanos());
      }
    } else {
      if (timer != null) {
        timer.cancelQuietly();
        timer = null;
      }
      if (delay != null) {
        arm();
      }
    }
  }

  /**
   * Ends the scope: the deadline no longer applies. Never throws itself: the {@code
   * TimeoutException} comes from {@link #bodyEnded} in an {@code @Async} body, and from the
   * stopped {@code await} in blocking code (see the class comment); it is declared here so that
   * the code around the block must handle it.
   */
  @Override
  public void close() throws TimeoutException {
    if (closed) {
      return;
    }
    closed = true;
    if (blocking != null) {
      blocking.close();
      return;
    }
    if (timer != null) {
      timer.cancelQuietly();
    }
    if (owner instanceof BlockingBody) {
      // Java's try-with-resources calls no bodyEnded: the body's await that the deadline stopped
      // has asked already; a cancel the awaited task swallowed is settled here
      ((BlockingBody<?>) owner).closed(this);
      bodyEnded(null);
    }
  }

  @Override
  public String toString() {
    return "Timeout[" + (delay == null ? "no deadline" : delay.toMillis() + " ms")
        + (closed ? ", closed" : "")
        + (expired ? ", expired" : "") + "]";
  }

  /**
   * Called by the state machine's try-with-resources once the scope is closed: turns the scope's
   * own cancellation into a {@link TimeoutException}, as asyncio's {@code __aexit__} does, and
   * leaves anything else as it is. Not for users.
   */
  @Override
  public Throwable bodyEnded(Throwable failure) {
    if (!cancelledOwner) {
      return failure;
    }
    cancelledOwner = false;
    // our request is settled; if none from elsewhere is left, the cancellation is ours
    if (task().uncancel() <= cancellingBefore
        && failure instanceof java.util.concurrent.CancellationException) {
      delivered = true;
      TimeoutException timedOut = expiredException();
      timedOut.initCause(failure);
      return timedOut;
    }
    return failure;
  }

  private void arm() {
    deadline = loop.time() + Math.max(0, delay.toNanos());
    // a deadline already passed fires in the next pass, before what is ready then (asyncio's
    // reschedule: call_soon), so that the body's first await sees it, a yield too
    EventLoop.Timer t = delay.isNegative() || delay.isZero()
        ? loop.scheduleSoon() : loop.timer(delay);
    timer = t;
    t.addListener(done -> {
      if (!done.isCancelled() && done == timer && !closed && !task().isDone()) {
        expired = true;
        cancelledOwner = true;
        task().cancel(); // on the loop thread: timers complete there
      }
    });
  }

  /**
   * The owner's task, as {@link Task#current()} gave it in the body: a spawned task if the owner
   * is its body (its cancels and count are that task's), else the owner itself.
   */
  private Task<?> task() {
    return owner.face();
  }

  private TimeoutException expiredException() {
    delivered = true;
    return new TimeoutException("timed out after " + delay.toMillis() + " ms");
  }

  /** The scope as blocking code sees it. */
  private final class Blocking extends BlockingScope {
    long deadline;

    @Override
    long firesAt() {
      return delivered || closed || delay == null ? Long.MAX_VALUE : deadline;
    }

    @Override
    boolean hasFired(long now) {
      return !delivered && !closed && delay != null && now - deadline >= 0;
    }

    @Override
    Throwable deliver() {
      expired = true;
      return expiredException();
    }
  }
}
