package org.await4j;

import java.util.ArrayList;
import java.util.List;
import org.await4j.internal.ScopeExit;

/**
 * The scopes open in a {@link BlockingBody} (blocking debug mode), in the order they opened: a
 * {@link Timeout} or {@link TaskGroup} whose owner is the body. They are asked when a
 * cancellation reaches one of the body's awaits, innermost first, as a machine's
 * try-with-resources asks each at its end ({@link ScopeExit#bodyEnded}).
 */
final class BodyScopes {
  /** Opened on the body's thread; a group may be closed from another (closeAsync). */
  private final List<ScopeExit> open = new ArrayList<>(2);

  synchronized void opened(ScopeExit scope) {
    open.add(scope);
  }

  synchronized void closed(ScopeExit scope) {
    open.remove(scope);
  }

  /**
   * What leaves the open scopes when {@code failure} does: each may replace it, as at its end in
   * a machine. A scope that did not stop the body leaves it as it is.
   */
  Throwable ended(Throwable failure) {
    List<ScopeExit> innermostLast;
    synchronized (this) {
      if (open.isEmpty()) {
        return failure;
      }
      innermostLast = new ArrayList<>(open);
    }
    Throwable t = failure;
    for (int i = innermostLast.size() - 1; i >= 0; i--) {
      Throwable replaced = innermostLast.get(i).bodyEnded(t);
      if (replaced != null) {
        t = replaced; // null would end the block normally: an await cannot, so it throws on
      }
    }
    return t;
  }
}
