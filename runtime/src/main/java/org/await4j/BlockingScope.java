package org.await4j;

import java.util.concurrent.locks.LockSupport;
import org.await4j.internal.Exceptions;

/**
 * A {@link Timeout} or {@link TaskGroup} opened by blocking code: an {@code @Async} body called
 * directly on a thread that runs no loop, or plain code. In a state machine such a scope
 * interrupts the machine at its suspension point; here it ends the blocking {@link Task#join()}
 * of the {@code await} that the thread is in, the same way, so that the blocking run of a body
 * behaves as the async run does.
 *
 * <p>The open scopes of a thread form a stack, innermost first, in a thread local that only
 * {@link Task#join()} reads. A scope fires once: the wait it stops cancels the task it was
 * waiting for, waits for that task to end, and throws the scope's exception.
 */
abstract class BlockingScope {
  private static final ThreadLocal<BlockingScope> INNERMOST = new ThreadLocal<>();

  /** The thread that opened the scope; a scope that fires wakes it. */
  final Thread thread = Thread.currentThread();
  private BlockingScope outer;
  private boolean open;

  /** The innermost scope open on the calling thread, or null. */
  static BlockingScope innermost() {
    return INNERMOST.get();
  }

  /** Pushes this scope on the calling thread's stack. */
  final void open() {
    outer = INNERMOST.get();
    INNERMOST.set(this);
    open = true;
  }

  /** Pops this scope; on its own thread only, and normally the innermost. */
  final void close() {
    if (!open || Thread.currentThread() != thread) {
      return;
    }
    open = false;
    BlockingScope top = INNERMOST.get();
    if (top == this) {
      set(outer);
      return;
    }
    for (BlockingScope s = top; s != null; s = s.outer) { // closed out of order: unlink
      if (s.outer == this) {
        s.outer = outer;
        return;
      }
    }
  }

  private static void set(BlockingScope scope) {
    if (scope == null) {
      INNERMOST.remove();
    } else {
      INNERMOST.set(scope);
    }
  }

  /** When it fires, in {@link System#nanoTime()}; {@code Long.MAX_VALUE} if not known yet. */
  abstract long firesAt();

  /** Whether it has fired and its exception has not been delivered yet. */
  abstract boolean hasFired(long now);

  /** The exception that ends the wait; called once. */
  abstract Throwable deliver();

  /** {@link Task#join()} with scopes open: waits for {@code task} or the first scope to fire. */
  final void join(Task<?> task) {
    Thread me = Thread.currentThread();
    boolean interrupted = false;
    task.addListener(done -> LockSupport.unpark(me));
    try {
      for (;;) {
        if (task.isDone()) {
          return;
        }
        long now = System.nanoTime();
        BlockingScope fired = null;
        long next = Long.MAX_VALUE;
        for (BlockingScope s = this; s != null; s = s.outer) {
          if (s.hasFired(now)) {
            if (fired == null || s.firesAt() - fired.firesAt() < 0) {
              fired = s; // the one that fired first, as timers fire in a machine
            }
          } else if (s.firesAt() != Long.MAX_VALUE && (next == Long.MAX_VALUE
              || s.firesAt() - next < 0)) {
            next = s.firesAt();
          }
        }
        if (fired != null) {
          task.cancel();
          while (!task.isDone()) { // as a machine does: resume once the awaited task has ended
            LockSupport.park(task);
            interrupted |= Thread.interrupted();
          }
          throw Exceptions.sneakyThrow(fired.deliver());
        }
        if (next == Long.MAX_VALUE) {
          LockSupport.park(task);
        } else if (next - now > 0) {
          LockSupport.parkNanos(task, next - now);
        }
        interrupted |= Thread.interrupted();
      }
    } finally {
      if (interrupted) {
        me.interrupt();
      }
    }
  }
}
