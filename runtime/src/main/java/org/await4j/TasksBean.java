package org.await4j;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.InstanceAlreadyExistsException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The {@link TasksMXBean} of this copy of the runtime, registered once per JVM when the first
 * loop is made. Starting the platform MBean server takes a few hundred milliseconds, so a short
 * daemon thread does it, off the thread that made the loop; no failure of it (no {@code
 * java.management} module, a security manager, a name taken) ever reaches the program.
 */
final class TasksBean implements TasksMXBean {
  static final String NAME = "org.await4j:type=Tasks";
  private static final System.Logger LOG = System.getLogger(TasksBean.class.getName());
  private static final AtomicBoolean REQUESTED = new AtomicBoolean();
  /** The name it got, once registered; failed if it could not be. */
  private static final CompletableFuture<ObjectName> REGISTERED = new CompletableFuture<>();

  /** Registers the bean on a thread of its own, the first time only. */
  static void registerSoon() {
    if (REQUESTED.get() || !REQUESTED.compareAndSet(false, true)) {
      return; // a plain read first: every later loop pays no more than that
    }
    try {
      if ("false".equals(System.getProperty("await4j.jmx"))) {
        REGISTERED.completeExceptionally(new IllegalStateException("-Dawait4j.jmx=false"));
        return;
      }
      Thread t = new Thread(TasksBean::register, "await4j-jmx-registration");
      t.setDaemon(true);
      t.start();
    } catch (Throwable e) { // a security manager may refuse the property or the thread
      failed(e);
    }
  }

  /** The name the bean was registered under, when it has been (for tests and tools). */
  static CompletableFuture<ObjectName> registered() {
    return REGISTERED;
  }

  private static void register() {
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      ObjectName name = new ObjectName(NAME);
      try {
        server.registerMBean(new TasksBean(), name);
      } catch (InstanceAlreadyExistsException e) {
        // another copy of the runtime, in another class loader, has the plain name
        name = new ObjectName(NAME + ",id="
            + Integer.toHexString(System.identityHashCode(TasksBean.class)));
        server.registerMBean(new TasksBean(), name);
      }
      REGISTERED.complete(name);
    } catch (Throwable e) {
      failed(e);
    }
  }

  private static void failed(Throwable e) {
    REGISTERED.completeExceptionally(e);
    LOG.log(System.Logger.Level.DEBUG, "the await4j Tasks MXBean was not registered", e);
  }

  @Override
  public String dumpPendingTasks() {
    return PendingTasks.text(PendingTasks.all());
  }

  @Override
  public int getLiveLoopCount() {
    return PendingTasks.liveLoops().size();
  }

  @Override
  public int getPendingTaskCount() {
    int n = 0;
    for (PendingTasks.LoopDump d : PendingTasks.all()) {
      n += d.lines == null ? 0 : d.lines.size();
    }
    return n;
  }
}
