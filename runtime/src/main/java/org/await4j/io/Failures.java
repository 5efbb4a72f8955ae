package org.await4j.io;

import java.io.IOException;

/**
 * The failure of a broken connection or pipe for each operation after the first: a blocking
 * socket's every call throws an exception of its own, and so do these. One object thrown to
 * several tasks would gather all their frames in one trace (each await adds its body's).
 */
final class Failures {
  private Failures() {}

  /**
   * A new exception of {@code first}'s class and message, caused by it; {@code first} itself if
   * its class has no public constructor that takes a message or nothing.
   */
  static IOException again(IOException first) {
    IOException copy;
    if (first.getClass() == IOException.class) {
      copy = new IOException(first.getMessage());
    } else {
      try {
        copy = first.getClass().getConstructor(String.class).newInstance(first.getMessage());
      } catch (ReflectiveOperationException | RuntimeException noMessage) {
        try {
          copy = first.getClass().getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException none) {
          return first;
        }
      }
    }
    // its trace starts where the operation asked for it, not in here
    StackTraceElement[] trace = copy.getStackTrace();
    int from = 0;
    while (from < trace.length && (trace[from].getClassName().equals(Failures.class.getName())
        || trace[from].getMethodName().equals("failureAgain"))) {
      from++;
    }
    copy.setStackTrace(java.util.Arrays.copyOfRange(trace, from, trace.length));
    try {
      copy.initCause(first);
    } catch (IllegalStateException causeSet) {
      // its constructor set a cause of its own: keep that
    }
    return copy;
  }
}
