package org.await4j;

/**
 * The pending tasks of this JVM's event loops, for JDK tools: registered in the platform MBean
 * server as {@code org.await4j:type=Tasks} when the first loop is made (with {@code ,id=...}
 * added if another copy of the runtime took that name), so jconsole, VisualVM or any JMX client
 * reads it without the debug mode. Set {@code -Dawait4j.jmx=false} to leave it unregistered.
 *
 * <p>Each loop is asked on its own thread, so a loop whose thread is busy in one long step
 * answers only after it (up to a second; then it is reported as busy). Found are the tasks its
 * own structures reach: its main task, the bodies on its timers and in its ready queue, and from
 * them every body they await or that awaits them. See {@link Debug#pendingTasks()}.
 */
public interface TasksMXBean {
  /**
   * Every live loop and its pending {@code @Async} bodies, one per line: where each is suspended
   * (its source method and line), what it awaits and which tasks await it.
   */
  String dumpPendingTasks();

  /** How many event loops are running now. */
  int getLiveLoopCount();

  /** How many pending {@code @Async} bodies {@link #dumpPendingTasks()} would list now. */
  int getPendingTaskCount();
}
