package org.await4j;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * The names given to tasks, kept beside them rather than in a field of every task: most tasks
 * are never named, and a task's size matters when a million of them wait. Weak keys: a name never
 * keeps its task alive.
 */
final class TaskNames {
  private static final Map<Task<?>, String> NAMES = new WeakHashMap<>();
  private static volatile boolean any;

  private TaskNames() {}

  static void set(Task<?> task, String name) {
    synchronized (NAMES) {
      NAMES.put(task, name);
    }
    any = true;
  }

  static String get(Task<?> task) {
    if (!any) {
      return null;
    }
    synchronized (NAMES) {
      return NAMES.get(task);
    }
  }
}
