package org.await4j.io;

import org.await4j.EventLoop;
import org.await4j.Task;

/**
 * Sequencing for tests written without the processor: {@code then(t, v -> next)} resumes on the
 * loop's next pass, as an {@code @Async} body does after an await.
 */
final class Chain<T> extends Task<T> {
  interface Step<A, B> {
    Task<B> apply(A value) throws Exception;
  }

  interface Recovery<B> {
    Task<B> apply(Throwable failure) throws Exception;
  }

  /** {@code step} on the value of {@code first}; a failure of either fails the result. */
  static <A, B> Task<B> then(Task<A> first, Step<A, B> step) {
    return both(first, step, null);
  }

  /** {@code step} on success, {@code recovery} on the failure of {@code first}. */
  static <A, B> Task<B> both(Task<A> first, Step<A, B> step, Recovery<B> recovery) {
    Chain<B> out = new Chain<>();
    EventLoop loop = EventLoop.current();
    IoLoop.whenDone(first, t -> loop.execute(() -> {
      try {
        Throwable e = org.await4j.Outcome.of(first).exception();
        Task<B> next = e == null ? step.apply(first.result())
            : recovery != null ? recovery.apply(e) : null;
        if (next == null) {
          out.failWith(e);
        } else {
          IoLoop.whenDone(next, n -> out.take(next));
        }
      } catch (Throwable e) {
        out.failWith(e);
      }
    }));
    return out;
  }

  /**
   * Runs {@code body(i)} for i = n..1, one after the other, without nesting the tasks (so that a
   * long run does not complete thousands of chained tasks on one stack).
   */
  static Task<Void> repeat(int n, java.util.function.IntFunction<Task<?>> body) {
    Chain<Void> out = new Chain<>();
    EventLoop loop = EventLoop.current();
    new Runnable() {
      int left = n;

      @Override
      public void run() {
        if (left == 0) {
          out.succeed(null);
          return;
        }
        Task<?> t;
        try {
          t = body.apply(left--);
        } catch (Throwable e) {
          out.failWith(e);
          return;
        }
        Runnable next = this;
        IoLoop.whenDone(t, done -> loop.execute(() -> {
          if (org.await4j.Outcome.of(done).exception() != null) {
            out.failWith(org.await4j.Outcome.of(done).exception());
          } else {
            next.run();
          }
        }));
      }
    }.run();
    return out;
  }

  /**
   * Completes once {@code condition} holds, checking it once a loop pass (so I/O goes on between
   * checks). A loop, not a chain of tasks: thousands of nested tasks would complete on one stack.
   */
  static Task<Void> until(java.util.function.BooleanSupplier condition) {
    Chain<Void> out = new Chain<>();
    EventLoop loop = EventLoop.current();
    new Runnable() {
      @Override
      public void run() {
        try {
          if (condition.getAsBoolean()) {
            out.succeed(null);
          } else {
            loop.execute(this);
          }
        } catch (Throwable e) {
          out.failWith(e);
        }
      }
    }.run();
    return out;
  }

  /** The failure of {@code t} as a value (null when it succeeded). */
  static Task<Throwable> failureOf(Task<?> t) {
    return both(t, v -> Task.completed(null), Task::completed);
  }

  private void take(Task<T> done) {
    Throwable e = org.await4j.Outcome.of(done).exception(); // a cancellation too, not thrown
    if (e != null) {
      failWith(e);
    } else {
      succeed(done.result());
    }
  }
}
