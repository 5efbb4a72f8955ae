package org.await4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.await4j.internal.AsyncMachine;

/**
 * The debug mode, as asyncio's {@code PYTHONASYNCIODEBUG}: start the JVM with {@code
 * -Dawait4j.debug=true} (optionally {@code -Dawait4j.debug.slowMillis=100}, the default). Then a
 * step of a body that holds its loop thread longer than the threshold is logged with the source
 * method and line where it started, and {@link #dumpPendingTasks()} lists every pending task,
 * where each is suspended and what it awaits.
 */
public final class Debug {
  private Debug() {}

  /** Whether the debug mode is on (the system property {@code await4j.debug}). */
  public static final boolean ENABLED = Boolean.getBoolean("await4j.debug");

  static final long SLOW_NANOS =
      Long.getLong("await4j.debug.slowMillis", 100) * 1_000_000L;

  private static final System.Logger LOG = System.getLogger("org.await4j.debug");

  /** Machines started in debug mode, weakly: a dump must not keep a task alive. */
  private static final Map<AsyncMachine<?>, Boolean> LIVE =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** Records a started machine; only in debug mode. Not for users. */
  public static void started(AsyncMachine<?> machine) {
    if (ENABLED) {
      LIVE.put(machine, Boolean.TRUE);
    }
  }

  static void slowStep(Object callback, String startedAt, long nanos) {
    LOG.log(System.Logger.Level.WARNING, () -> String.format(
        "a step held the loop thread '%s' for %d ms: %s, from %s",
        Thread.currentThread().getName(), nanos / 1_000_000, callback, startedAt));
  }

  /**
   * Every pending task started in debug mode: where its body is suspended (the source method
   * and line), the task it awaits and the tasks that await it. Empty when the debug mode is off.
   */
  public static List<String> pendingTasks() {
    List<AsyncMachine<?>> machines;
    synchronized (LIVE) {
      machines = new ArrayList<>(LIVE.keySet());
    }
    Map<Task<?>, List<String>> awaiters = new java.util.IdentityHashMap<>();
    for (AsyncMachine<?> m : machines) {
      if (m != null && !m.isDone() && m.awaitedTask() != null) {
        awaiters.computeIfAbsent(m.awaitedTask(), k -> new ArrayList<>()).add(m.name());
      }
    }
    List<String> lines = new ArrayList<>();
    for (AsyncMachine<?> m : machines) {
      if (m != null && !m.isDone()) {
        List<String> by = awaiters.getOrDefault(m, List.of());
        lines.add(m.name() + " suspended at " + m.where()
            + (m.awaitedTask() == null ? "" : ", awaiting " + m.awaitedTask())
            + (by.isEmpty() ? "" : ", awaited by " + String.join(", ", by)));
      }
    }
    Collections.sort(lines);
    return lines;
  }

  /** Logs {@link #pendingTasks()} through {@code System.Logger}; returns the same text. */
  public static String dumpPendingTasks() {
    String text = String.join("\n", pendingTasks());
    LOG.log(System.Logger.Level.INFO, () -> "pending tasks:\n" + text);
    return text;
  }
}
