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
 * method and line where it started, and {@link #dumpPendingTasks()} lists every pending task
 * started since, where each is suspended and what it awaits (without the debug mode it lists the
 * tasks the live loops reach, as {@link TasksMXBean} does).
 */
public final class Debug {
  private Debug() {}

  /** Whether the debug mode is on (the system property {@code await4j.debug}). */
  public static final boolean ENABLED = Boolean.getBoolean("await4j.debug");

  /**
   * Blocking debug mode, for breakpoints (the system property {@code await4j.debug.blocking}):
   * each {@code @Async} call runs the source method's own body, its blocking form, on a thread of
   * its own (a virtual thread on JDK 21+), taking turns with its loop one at a time; {@code
   * await} hands control back to the loop. Breakpoints in the user's file then hit, and the
   * debugger shows the user's frames. A thread per call: for debugging only.
   */
  public static final boolean BLOCKING = Boolean.getBoolean("await4j.debug.blocking");

  /** For generated stubs in blocking debug mode: starts the call. Not for users. */
  public static <T> Task<T> callBlocking(Class<?> owner, String method, Class<?>[] parameters,
      Object self, Object[] args) {
    return BlockingBody.call(owner, method, parameters, self, args);
  }

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
   * Every pending task: where its body is suspended (the source method and line), the task it
   * awaits and the tasks that await it. In debug mode, every machine started since; without it,
   * the tasks that the live loops reach from what they hold (their main tasks, timers and ready
   * queues; see {@link TasksMXBean}), which JDK tools read too, as the MXBean {@code
   * org.await4j:type=Tasks}.
   */
  public static List<String> pendingTasks() {
    if (!ENABLED || BLOCKING) { // blocking debug mode runs no machines: the loops are walked
      List<String> lines = new ArrayList<>();
      for (PendingTasks.LoopDump d : PendingTasks.all()) {
        if (d.lines != null) {
          lines.addAll(d.lines);
        }
      }
      Collections.sort(lines);
      return lines;
    }
    List<AsyncMachine<?>> machines;
    synchronized (LIVE) {
      machines = new ArrayList<>(LIVE.keySet());
    }
    List<String> lines = new ArrayList<>();
    for (AsyncMachine<?> m : machines) {
      if (m != null && !m.isDone()) {
        lines.add(PendingTasks.describe(m));
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
