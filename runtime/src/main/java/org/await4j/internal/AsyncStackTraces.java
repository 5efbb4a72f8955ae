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
            out = map ? mapped(frames) : frames;
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
      StackTraceElement[] out = map ? mapped(frames) : frames;
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
        at = insertionPoint(now);
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
      at = isRuntime(awaiter.sourceClass) ? -1 : at + 1;
    }
    return out == null ? frames : out.toArray(new StackTraceElement[0]);
  }

  /**
   * Where awaiting frames go: above the first frame of the runtime under the first frame that is
   * not the runtime's (the failed step's loop frames), or at the end of a trace with none (an
   * exception made on another thread).
   */
  private static int insertionPoint(List<StackTraceElement> frames) {
    int i = 0;
    int n = frames.size();
    while (i < n && isRuntime(frames.get(i).getClassName())) {
      i++; // made by the runtime for the body (a cancellation, say)
    }
    while (i < n && !isRuntime(frames.get(i).getClassName())) {
      i++;
    }
    return i;
  }

  /** Whether a class is the runtime's own: org.await4j and its internal, io and sync packages. */
  static boolean isRuntime(String className) {
    if (!className.startsWith("org.await4j.")) {
      return false;
    }
    int dot = className.indexOf('.', 12);
    if (dot < 0) {
      return true;
    }
    int length = dot - 12;
    return className.indexOf('.', dot + 1) < 0
        && (length == 8 && className.startsWith("internal", 12)
            || length == 2 && className.startsWith("io", 12)
            || length == 4 && className.startsWith("sync", 12));
  }

  /**
   * The trace with each frame of a generated machine class as the user's frame, and the machine's
   * plumbing (frames with no source line: spilling, say) left out; the same array if none.
   */
  static StackTraceElement[] mapped(StackTraceElement[] frames) {
    List<StackTraceElement> out = null;
    String lastName = null; // a class's frames come in runs (a chain of calls): looked up once
    SourceLines lastLines = null;
    for (int i = 0; i < frames.length; i++) {
      StackTraceElement f = frames[i];
      String name = f.getClassName();
      StackTraceElement replaced = f;
      boolean generated = name.indexOf("Async_") >= 0; // cheap test first: twins are XAsync_m
      if (generated) {
        if (!name.equals(lastName)) {
          lastName = name;
          lastLines = SourceLines.of(name);
        }
        replaced = userFrame(f, lastLines);
      }
      if (replaced != f && out == null) {
        out = new ArrayList<>(frames.length);
        for (int j = 0; j < i; j++) {
          out.add(frames[j]);
        }
      }
      if (out != null && replaced != null) {
        out.add(replaced);
      }
    }
    return out == null ? frames : out.toArray(new StackTraceElement[0]);
  }

  /**
   * The user's frame for a frame of a generated class: the machine class itself, an anonymous
   * class in its body ({@code X$1}), or a lambda of its body; null to leave the frame out; the
   * frame itself if it is not generated or has no known source line.
   */
  private static StackTraceElement userFrame(StackTraceElement f, SourceLines ofClass) {
    String name = f.getClassName();
    SourceLines s = ofClass;
    String nested = "";
    if (s == null) {
      // an anonymous class of the body, X$1 (X$1$2 inside another); a local class moved into
      // the machine, X$Local, stays as it is
      for (int dollar = name.indexOf('$'); dollar > 0 && s == null;
          dollar = name.indexOf('$', dollar + 1)) {
        if (dollar + 1 < name.length() && Character.isDigit(name.charAt(dollar + 1))) {
          s = SourceLines.of(name.substring(0, dollar));
          nested = name.substring(dollar);
        }
      }
      if (s == null) {
        return f;
      }
    }
    int line = s.sourceLine(f.getLineNumber());
    String method = f.getMethodName();
    if (nested.isEmpty()) {
      if (method.equals("body$")) {
        method = s.method; // the shared body, run as a fast path or by its machine
      } else if (s.sharedBody && (method.equals("resume") || method.equals("fast"))) {
        return null; // they only enter the shared body: plumbing
      } else if (method.equals("resume") || method.startsWith("resumePart")
          || method.equals("fast")) {
        method = s.method;
      } else if (method.startsWith("lambda$")) {
        // lambda$<method>$<n>; the method's own name may hold a '$' (body$)
        int end = method.lastIndexOf('$');
        method = end < 7 ? method : "lambda$" + s.method + method.substring(end);
      } else {
        return null; // spill$, where(), constructors: plumbing
      }
    }
    if (line <= 0) {
      return f; // no source line known: the generated frame, rather than none
    }
    if (nested.isEmpty() && method.equals(s.method)) {
      return s.frame(line);
    }
    return new StackTraceElement(s.sourceClass + nested, method, s.file, line);
  }
}
