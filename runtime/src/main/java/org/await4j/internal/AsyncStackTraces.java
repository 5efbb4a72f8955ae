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
 * <p>Only the failure path pays: a trace is rewritten when an exception leaves a machine (its
 * body ended with it, or a fast path threw it to its stub) and when it passes to an awaiter,
 * with {@link Throwable#getStackTrace()} and {@link Throwable#setStackTrace}; the exception
 * stays the same object.
 */
final class AsyncStackTraces {
  private AsyncStackTraces() {}

  /** Past this many frames a trace is left alone: an exception object thrown over and over. */
  private static final int MAX_FRAMES = 1024;

  /**
   * The exception an awaiter traced last: when it leaves that awaiter's body next (the usual
   * case, nothing catches it), its frames are the user's already. A racy hint, not a truth: a
   * miss only means one more look at the frames.
   */
  private static Throwable lastTraced;

  /** {@code failure} leaves a machine: its generated frames become the user's. */
  static void leaving(Throwable failure) {
    if (lastTraced == failure) {
      lastTraced = null;
      return;
    }
    try {
      mapInPlace(failure);
    } catch (RuntimeException unexpected) {
      // the trace stays as it is: nothing may replace the user's exception
    }
  }

  private static void mapInPlace(Throwable failure) {
    synchronized (failure) {
      StackTraceElement[] frames = failure.getStackTrace();
      StackTraceElement[] mapped = mapped(frames);
      if (mapped != frames) {
        failure.setStackTrace(mapped);
      }
    }
  }

  /**
   * {@code failure} passes into the awaiting body that {@code awaiter} describes, suspended at source
   * line {@code line}: its frame goes in under the frames that are there, unless the trace shows
   * that body already (it failed synchronously, in the awaiter's own step). {@code map}: look
   * for generated frames first (the failure did not come from a machine).
   */
  static void awaitedBy(Throwable failure, SourceLines awaiter, int line, boolean map) {
    try {
      addAwaiter(failure, awaiter, line, map);
    } catch (RuntimeException unexpected) {
      // the trace stays as it is: nothing may replace the user's exception
    }
  }

  private static void addAwaiter(Throwable failure, SourceLines awaiter, int line, boolean map) {
    synchronized (failure) {
      StackTraceElement[] frames = failure.getStackTrace();
      if (map) {
        frames = mapped(frames); // not from a machine: raw frames may be left
      }
      if (frames.length == 0 || frames.length >= MAX_FRAMES) {
        return; // not writable, or rethrown too often
      }
      int at = insertionPoint(frames);
      for (int i = at; i < frames.length; i++) {
        if (awaiter.sourceClass.equals(frames[i].getClassName())
            && awaiter.method.equals(frames[i].getMethodName())) {
          failure.setStackTrace(frames); // the awaiter's frame is below, on the same stack
          return;
        }
      }
      StackTraceElement[] out = new StackTraceElement[frames.length + 1];
      System.arraycopy(frames, 0, out, 0, at);
      out[at] = new StackTraceElement(awaiter.sourceClass, awaiter.method, awaiter.file,
          line > 0 ? line : -1);
      System.arraycopy(frames, at, out, at + 1, frames.length - at);
      failure.setStackTrace(out);
    }
    lastTraced = failure;
  }

  /**
   * Where awaiting frames go: above the first frame of the runtime under the first frame that is
   * not the runtime's (the failed step's loop frames), or at the end of a trace with none (an
   * exception made on another thread).
   */
  private static int insertionPoint(StackTraceElement[] frames) {
    int i = 0;
    while (i < frames.length && isRuntime(frames[i].getClassName())) {
      i++; // made by the runtime for the body (a cancellation, say)
    }
    while (i < frames.length && !isRuntime(frames[i].getClassName())) {
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
    for (int i = 0; i < frames.length; i++) {
      StackTraceElement f = frames[i];
      String name = f.getClassName();
      StackTraceElement replaced = f;
      boolean generated = name.indexOf("Async_") >= 0; // cheap test first: twins are XAsync_m
      if (generated) {
        replaced = userFrame(f);
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
  private static StackTraceElement userFrame(StackTraceElement f) {
    String name = f.getClassName();
    SourceLines s = SourceLines.of(name);
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
    return new StackTraceElement(s.sourceClass + nested, method, s.file, line);
  }
}
