package org.await4j.internal;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Helpers for rethrowing the original exception object. Not API. */
public final class Exceptions {
  private Exceptions() {}

  /** Removes the wrappers that {@code CompletableFuture} adds around the real failure. */
  public static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
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
