package org.await4j.internal;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Helpers for rethrowing the original exception object. Not API. */
public final class Exceptions {
  private Exceptions() {}

  /**
   * Removes the wrappers that {@code CompletableFuture} adds around the real failure: a {@code
   * CompletionException} or {@code ExecutionException}, and, since JDK 23, the new {@code
   * CancellationException} that {@code join()}, {@code get()} and {@code getNow()} throw with the
   * original cancellation as its cause. The original object is what the body sees on every JDK.
   */
  public static Throwable unwrap(Throwable t) {
    for (;;) {
      Throwable cause = t.getCause();
      if (cause == null) {
        return t;
      }
      if (t instanceof CompletionException || t instanceof ExecutionException
          || t instanceof CancellationException && cause instanceof CancellationException
              && isReportWrapper(t)) {
        t = cause;
      } else {
        return t;
      }
    }
  }

  /** A CancellationException made by CompletableFuture's report methods (JDK 23+) to wrap one. */
  private static boolean isReportWrapper(Throwable t) {
    String m = t.getMessage();
    return "join".equals(m) || "get".equals(m) || "getNow".equals(m) || "resultNow".equals(m);
  }

  /**
   * Throws {@code t} whatever its type. Checked exceptions are legal here because the @Async
   * source method declared them: the state machine rethrows what the blocking run would throw.
   */
  public static RuntimeException sneakyThrow(Throwable t) {
    throw Exceptions.<RuntimeException>sneakyThrow0(t);
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneakyThrow0(Throwable t) throws E {
    throw (E) t;
  }
}
