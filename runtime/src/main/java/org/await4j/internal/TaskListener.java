package org.await4j.internal;

import org.await4j.Task;

/** Told once when a task it listens to is done, on whichever thread completed it. Not API. */
@FunctionalInterface
public interface TaskListener {
  void taskDone(Task<?> task);
}
