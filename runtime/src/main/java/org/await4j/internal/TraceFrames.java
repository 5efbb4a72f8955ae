package org.await4j.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The frames of async stack traces (see {@link AsyncStackTraces}): which are the runtime's, where
 * awaiting frames go among them, and each frame of a generated machine class as the user's
 * method and source line. Pure functions of the frames.
 */
final class TraceFrames {
  private TraceFrames() {}

  /**
   * Where awaiting frames go: above the first frame of the runtime under the first frame that is
   * not the runtime's (the failed step's loop frames), or at the end of a trace with none (an
   * exception made on another thread). An exception the runtime made away from any body (a
   * deadline's cancellation made by the loop's timer, a short read made by its selector: no
   * frame but the JDK's between the runtime's) has its awaiters on top: it is thrown at the
   * await, as in the blocking run.
   */
  static int insertionPoint(List<StackTraceElement> frames) {
    int i = 0;
    int n = frames.size();
    while (i < n && isRuntime(frames.get(i).getClassName())) {
      i++; // made by the runtime for the body (a cancellation, say)
    }
    int made = i;
    boolean jdkOnly = true;
    while (i < n && !isRuntime(frames.get(i).getClassName())) {
      jdkOnly &= isJdk(frames.get(i).getClassName());
      i++;
    }
    return made > 0 && (i == n || jdkOnly) ? 0 : i;
  }

  /** Whether a class is the JDK's (java.*, javax.*, jdk.*, sun.*, com.sun.*). */
  static boolean isJdk(String className) {
    return className.startsWith("java.") || className.startsWith("javax.")
        || className.startsWith("jdk.") || className.startsWith("sun.")
        || className.startsWith("com.sun.");
  }

  /** A frame of a machine starting its first step: AsyncMachine's start, run or step. */
  private static boolean isMachineStart(StackTraceElement f) {
    String m = f.getMethodName();
    return f.getClassName().equals(AsyncMachine.class.getName())
        && (m.equals("start") || m.equals("step") || m.equals("run"));
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
      boolean generated = name.indexOf("AsyncMachines$") >= 0; // cheap test first: XAsyncMachines$m
      boolean superTwin = false;
      if (generated) {
        if (!name.equals(lastName)) {
          lastName = name;
          lastLines = SourceLines.of(name);
        }
        replaced = i > 0 && f.getMethodName().equals("resume")
            && frames[i - 1].getClassName().equals(name)
            && frames[i - 1].getMethodName().startsWith("resumePart")
            ? null // a long machine's resume() picking the part that runs: plumbing
            : userFrame(f, lastLines);
      } else if (f.getMethodName().endsWith("$super") && name.endsWith("Async")) {
        replaced = null; // super.m() from a body: its twin started the machine, plumbing too
        superTwin = true;
      } else if (name.endsWith("Async") && i + 1 < frames.length
          && frames[i + 1].getClassName().indexOf("AsyncMachines$") >= 0) {
        replaced = null; // a twin a body called: the call is the body's line, shown below
      }
      if (replaced != f && out == null) {
        out = new ArrayList<>(frames.length);
        for (int j = 0; j < i; j++) {
          out.add(frames[j]);
        }
      }
      if (superTwin) {
        // the machine's first step ran inside the super twin: its start is plumbing as well
        while (!out.isEmpty() && isMachineStart(out.get(out.size() - 1))) {
          out.remove(out.size() - 1);
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
