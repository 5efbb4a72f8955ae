package org.await4j.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Async stack traces, always on: an exception that leaves {@code @Async} methods reads as in the
 * blocking run. Frames of generated machine classes become the user's method and source line
 * ({@code at shop.Catalog.page(Catalog.java:29)}), and each {@code @Async} method that awaited
 * the failure gets a frame at the line where it was suspended, placed under the frames of the
 * failed body and above the loop's own frames, which stay below.
 *
 * <p>Only the failure path pays, and it pays once: while the exception goes from machine to
 * awaiter, each level is only noted (its source table and line, in one pending record, reused),
 * and the trace is rewritten, with one {@link Throwable#getStackTrace()} and one {@link
 * Throwable#setStackTrace}, where code other than the runtime's can first see the exception: a
 * handler of a body catches it ({@link #caught}), or a task's outcome is read ({@link
 * #delivered}: {@code result()}, {@code join()}, {@code exception()}, {@code EventLoop.run}, the
 * runtime's own combinators), at the latest when the loop has nothing to run ({@link #settle}).
 * One exception is pending at a time: another one's failure path finishes it first. The
 * exception stays the same object.
 */
public final class AsyncStackTraces {
  private AsyncStackTraces() {}

  /** Past this many frames a trace is left alone: an exception object thrown over and over. */
  private static final int MAX_FRAMES = 1024;

  /** Guards the pending record; never held while another lock is taken. */
  private static final Object LOCK = new Object();

  /**
   * The exception whose trace is still to be written, or null. Volatile so that a read of an
   * outcome can see without the lock that it has nothing to do (the common case).
   */
  private static volatile Throwable pending;
  /** Whether its frames may hold generated ones to map. */
  private static boolean pendingMap;
  /** The awaiters to add, in the order the failure reached them, with their lines. */
  private static SourceLines[] awaiters = new SourceLines[8];
  private static int[] lines = new int[8];
  private static int count;

  /**
   * {@code failure} leaves a machine (its body ended with it) or a fast path (thrown to its
   * stub): its generated frames are to become the user's.
   */
  static void left(Throwable failure) {
    note(failure, null, 0, true);
  }

  /**
   * {@code failure} passes into the awaiting body that {@code awaiter} describes, suspended at
   * source line {@code line}: its frame is to go in under the frames that are there, unless the
   * trace shows that body already (it failed synchronously, in the awaiter's own step). {@code
   * map}: look for generated frames too (the failure did not come from a machine).
   */
  static void passedTo(Throwable failure, SourceLines awaiter, int line, boolean map) {
    note(failure, awaiter, line, map);
  }

  /**
   * A handler of a body catches {@code failure}: its trace is written now, its generated frames
   * mapped even if nothing was pending (it came up through fast paths' frames).
   */
  static void caught(Throwable failure) {
    finish(failure, true);
  }

  /**
   * {@code failure} is handed out of the machines (a task's outcome is read): its trace is
   * written now if it was pending. Cheap when nothing is. Not for users.
   */
  public static Throwable delivered(Throwable failure) {
    if (pending == failure && failure != null) {
      finish(failure, false);
    }
    return failure;
  }

  /**
   * A loop has nothing to run, or ends: the pending trace, if any, is written now, so that an
   * exception nobody has read yet (a failed task kept for later, a reference the body kept)
   * never stays half written while nothing runs. Cheap when nothing is pending. Not for users.
   */
  public static void settle() {
    Throwable failure = pending;
    if (failure != null) {
      finish(failure, false);
    }
  }

  /** As {@link #left} then {@link #caught}: at once. */
  static void leaving(Throwable failure) {
    finish(failure, true);
  }

  /** As {@link #passedTo} then {@link #delivered}: at once. */
  static void awaitedBy(Throwable failure, SourceLines awaiter, int line, boolean map) {
    passedTo(failure, awaiter, line, map);
    delivered(failure);
  }

  private static void note(Throwable failure, SourceLines awaiter, int line, boolean map) {
    for (;;) {
      Throwable other;
      synchronized (LOCK) {
        other = pending;
        if (other == null || other == failure) {
          pending = failure;
          pendingMap |= map;
          if (awaiter != null && count < MAX_FRAMES) {
            if (count == awaiters.length) {
              awaiters = java.util.Arrays.copyOf(awaiters, count * 2);
              lines = java.util.Arrays.copyOf(lines, count * 2);
            }
            awaiters[count] = awaiter;
            lines[count++] = line;
          }
          return;
        }
      }
      delivered(other); // another exception's failure path: finish that one first
    }
  }

  /**
   * Writes {@code failure}'s trace: the pending record if it is its, and its generated frames
   * mapped if {@code map}. The exception's own lock is held throughout, as {@link Throwable}'s
   * methods take it, so that one rewrite of it reads what the last one wrote; {@link #LOCK} only
   * while the record is read, so that no user code (an overridden {@code getStackTrace()}) runs
   * under it.
   */
  private static void finish(Throwable failure, boolean map) {
    try {
      synchronized (failure) {
        StackTraceElement[] frames = failure.getStackTrace();
        StackTraceElement[] out;
        synchronized (LOCK) {
          if (pending == failure) {
            out = written(frames, map || pendingMap);
          } else {
            out = map ? TraceFrames.mapped(frames) : frames;
          }
        }
        if (out != frames) {
          failure.setStackTrace(out);
        }
      }
    } catch (RuntimeException unexpected) {
      // the trace stays as it is: nothing may replace the user's exception
    }
  }

  /** {@code frames} as the pending record makes them; clears the record. Under the lock. */
  private static StackTraceElement[] written(StackTraceElement[] frames, boolean map) {
    int n = count;
    pending = null;
    pendingMap = false;
    count = 0;
    try {
      StackTraceElement[] out = map ? TraceFrames.mapped(frames) : frames;
      return n > 0 ? withAwaiters(out, n) : out;
    } finally {
      java.util.Arrays.fill(awaiters, 0, n, null);
    }
  }

  /**
   * {@code frames} with the first {@code n} pending awaiters' frames added, each as if it were
   * added alone in turn; the same array if none is.
   */
  private static StackTraceElement[] withAwaiters(StackTraceElement[] frames, int n) {
    List<StackTraceElement> now = java.util.Arrays.asList(frames);
    List<StackTraceElement> out = null;
    int size = frames.length;
    int at = -1; // where the next frame goes, while it follows from the last one's place
    SourceLines looked = null; // the last awaiter looked for below, and whether it was there
    boolean lookedBelow = false;
    for (int k = 0; k < n; k++) {
      if (size == 0 || size >= MAX_FRAMES) {
        break; // not writable, or rethrown too often
      }
      if (at < 0) {
        at = TraceFrames.insertionPoint(now);
        looked = null;
      }
      SourceLines awaiter = awaiters[k];
      boolean below = lookedBelow;
      if (awaiter != looked) { // else the same frames are below as when it was looked for
        below = false;
        for (int i = at; i < size && !below; i++) {
          below = awaiter.sourceClass.equals(now.get(i).getClassName())
              && awaiter.method.equals(now.get(i).getMethodName());
        }
        looked = awaiter;
        lookedBelow = below;
      }
      if (below) {
        continue; // the awaiter's frame is below, on the same stack
      }
      if (out == null) {
        out = new ArrayList<>(size + n - k);
        out.addAll(now);
        now = out;
      }
      int line = lines[k];
      out.add(at, awaiter.frame(line > 0 ? line : -1));
      size++;
      // a frame of the user's extends the run of frames above the loop's: the next goes under it
      at = TraceFrames.isRuntime(awaiter.sourceClass) ? -1 : at + 1;
    }
    return out == null ? frames : out.toArray(new StackTraceElement[0]);
  }
}
