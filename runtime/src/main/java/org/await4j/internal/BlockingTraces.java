package org.await4j.internal;

/**
 * Stack traces in blocking debug mode ({@code -Dawait4j.debug.blocking=true}), where each body
 * runs its source method on a thread of its own: where a body waits, and a failure made
 * elsewhere as the body's own stack would show it. Not API.
 */
public final class BlockingTraces {
  private BlockingTraces() {}

  /** Whether a frame's class is the runtime's or the JDK's: not the user's code. */
  private static boolean isRuntimeOrJdk(String className) {
    return TraceFrames.isRuntime(className) || TraceFrames.isJdk(className);
  }

  /**
   * Blocking debug mode: {@code failure} of an awaited task is thrown at an {@code await} on the
   * calling thread, which runs the source methods themselves. If it was made elsewhere (on the
   * loop's thread, by I/O or a deadline; on another body's), the frames of this thread's user
   * code from the await down go in where the awaiting frames go in a machine's trace, as the
   * blocking run would show them. Not for users.
   */
  public static Throwable awaitedOnThisThread(Throwable failure) {
    try {
      StackTraceElement[] here = new Throwable().getStackTrace();
      int first = awaitingFrame(here);
      if (first == here.length) {
        return failure;
      }
      synchronized (failure) {
        StackTraceElement[] theirs = failure.getStackTrace();
        if (theirs.length == 0 || java.util.Arrays.asList(theirs).contains(here[first])) {
          return failure; // made on this stack, or its awaiting frames are there already
        }
        int at = TraceFrames.insertionPoint(java.util.Arrays.asList(theirs));
        StackTraceElement[] out = java.util.Arrays.copyOf(theirs, at + here.length - first);
        System.arraycopy(here, first, out, at, here.length - first);
        failure.setStackTrace(out);
      }
    } catch (RuntimeException unexpected) {
      // the trace stays as it is: nothing may replace the user's exception
    }
    return failure;
  }

  /**
   * Blocking debug mode: the index of the frame of the user's code that awaits, in a body
   * thread's {@code frames}: the one under the last {@code Await.await}, else the first that is
   * neither the runtime's nor the JDK's; {@code frames.length} if none. Not for users.
   */
  public static int awaitingFrame(StackTraceElement[] frames) {
    for (int i = frames.length - 1; i >= 0; i--) {
      if (frames[i].getClassName().equals("org.await4j.Await")) {
        return i + 1;
      }
    }
    int first = 0;
    while (first < frames.length && isRuntimeOrJdk(frames[first].getClassName())) {
      first++;
    }
    return first;
  }
}
