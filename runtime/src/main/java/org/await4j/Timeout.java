package org.await4j;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.await4j.internal.AsyncMachine;
import org.await4j.internal.Interruption;

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
 * <p>When the deadline passes while the block waits, the wait is cancelled as by {@link
 * Task#cancel()}: the awaited task is cancelled (so the {@code @Async} method it runs sees a
 * {@link java.util.concurrent.CancellationException} and runs its {@code finally} blocks, which
 * may await), and once it has ended, the block itself throws a {@link TimeoutException} at that
 * {@code await}. The block's own {@code finally} blocks run as the exception leaves it, and may
 * await too.
 *
 * <p>Why the block sees a {@code TimeoutException} and not a {@code CancellationException} that
 * the scope's end would convert, as asyncio does: Java's try-with-resources keeps the block's
 * exception and only adds the close's exception as suppressed, so {@link #close()} could not
 * replace it. {@link #close()} is declared to throw {@code TimeoutException} so that the compiler
 * makes the code around the block handle it, and a {@code catch (TimeoutException e)} after the
 * block compiles.
 *
 * <p>Cancellation that does not come from this scope is never turned into a timeout: a {@code
 * cancel()} of the task reaches the block as a {@code CancellationException}, even if the
 * deadline passes in the same loop pass. If the deadline passes but the block does not wait
 * again, it ends normally; if the block catches the {@code TimeoutException}, it goes on (as in
 * asyncio, where a swallowed cancellation is swallowed).
 *
 * <p>Nested scopes: when the deadline of an enclosing scope passes inside an inner one, the
 * exception is the enclosing scope's {@code TimeoutException}, and a {@code catch
 * (TimeoutException e)} of the inner scope catches it too: Java cannot tell them apart by type.
 * Where that matters (a retry loop with a timeout per attempt inside an overall timeout), ask the
 * enclosing scope, which is in scope there:
 *
 * <pre>{@code
 * try (Timeout overall = Timeout.after(Duration.ofSeconds(5))) {
 *   for (;;) {
 *     try (Timeout attempt = Timeout.after(Duration.ofSeconds(1))) {
 *       return await(fetch(uri));
 *     } catch (TimeoutException e) {
 *       if (overall.expired()) throw e;      // the overall deadline, not this attempt's
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>Where it works: inside an {@code @Async} body, with the body's task as {@link
 * Task#current()}; and in blocking code (the same body called directly, on a thread that runs no
 * loop), where it bounds the blocking {@code await}s in the block. On a loop thread outside an
 * {@code @Async} body it throws {@link IllegalStateException}.
 *
 * <p>One difference in blocking code: there, a call to another {@code @Async} method is a plain
 * call on the same stack, so when the deadline stops an {@code await} inside that method, the
 * {@code TimeoutException} is thrown right there, where the async run throws a {@code
 * CancellationException} into the callee and the {@code TimeoutException} only into the block.
 * {@code finally} blocks run the same either way; a {@code catch (CancellationException e)} in the
 * callee sees the async run's cancellation only.
 */
public final class Timeout implements AutoCloseable {
  private final Interruption expiry = this::expiredException;
  private final AsyncMachine<?> owner;
  private final Blocking blocking;
  private Duration delay;
  private Task<Void> timer;
  private boolean expired;
  private boolean delivered;
  private boolean closed;

  private Timeout(Duration delay, AsyncMachine<?> owner) {
    this.delay = delay;
    this.owner = owner;
    if (owner != null) {
      this.blocking = null;
      arm();
    } else {
      this.blocking = new Blocking(System.nanoTime() + Math.max(0, delay.toNanos()));
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
    Objects.requireNonNull(delay, "delay");
    EventLoop loop = EventLoop.current();
    if (loop == null) {
      return new Timeout(delay, null);
    }
    Task<?> current = Task.current();
    if (!(current instanceof AsyncMachine)) {
      throw new IllegalStateException("Timeout.after(...) on the event loop thread '"
          + Thread.currentThread().getName() + "' works only inside an @Async body (it bounds"
          + " that body's awaits): open it there, or bound one task with Tasks.withTimeout");
    }
    return new Timeout(delay, (AsyncMachine<?>) current);
  }

  /** Whether the deadline has passed while the scope was open (asyncio's {@code expired()}). */
  public boolean expired() {
    if (blocking != null && !expired && !closed) {
      expired = System.nanoTime() - blocking.deadline >= 0;
    }
    return expired;
  }

  /**
   * Moves the deadline to {@code delay} from now (asyncio's {@code reschedule()}).
   *
   * @throws IllegalStateException if the scope has expired or is closed
   */
  public void reschedule(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (closed || expired()) {
      throw new IllegalStateException("the timeout has " + (closed ? "closed" : "expired"));
    }
    this.delay = delay;
    if (blocking != null) {
      blocking.deadline = System.nanoTime() + Math.max(0, delay.toNanos());
    } else {
      timer.cancel();
      arm();
    }
  }

  /**
   * Ends the scope: the deadline no longer applies. Never throws itself: the {@code
   * TimeoutException} is thrown at the {@code await} that the deadline stopped (see the class
   * comment); it is declared here so that the code around the block must handle it.
   */
  @Override
  public void close() throws TimeoutException {
    if (closed) {
      return;
    }
    closed = true;
    if (blocking != null) {
      blocking.close();
    } else {
      timer.cancel();
    }
  }

  @Override
  public String toString() {
    return "Timeout[" + delay.toMillis() + " ms" + (closed ? ", closed" : "")
        + (expired ? ", expired" : "") + "]";
  }

  private void arm() {
    Task<Void> t = owner.loop().schedule(delay);
    timer = t;
    t.addListener(done -> {
      if (!done.isCancelled() && done == timer && !closed) {
        expired = true;
        owner.interrupt(expiry); // on the loop thread: timers complete there
      }
    });
  }

  private Throwable expiredException() {
    delivered = true;
    return new TimeoutException("timed out after " + delay.toMillis() + " ms");
  }

  /** The scope as blocking code sees it. */
  private final class Blocking extends BlockingScope {
    long deadline;

    Blocking(long deadline) {
      this.deadline = deadline;
    }

    @Override
    long firesAt() {
      return delivered || closed ? Long.MAX_VALUE : deadline;
    }

    @Override
    boolean hasFired(long now) {
      return !delivered && !closed && now - deadline >= 0;
    }

    @Override
    Throwable deliver() {
      expired = true;
      return expiredException();
    }
  }
}
