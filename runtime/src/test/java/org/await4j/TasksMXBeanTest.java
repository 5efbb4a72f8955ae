package org.await4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The dump of pending tasks through the platform MBean server, without the debug mode. */
class TasksMXBeanTest {
  @Test
  void theBeanListsEachPendingBodyWithWhatItAwaitsAndWhoAwaitsIt() throws Exception {
    assertFalse(Debug.ENABLED);
    EventLoop loop = EventLoop.startOnNewThread("mxbean-test-loop");
    List<String> trace = Collections.synchronizedList(new ArrayList<>());
    Task<String> outer = loop.createTask("outer", () -> new Machines.Caller(
        () -> new Machines.AwaitOnce(Tasks.sleep(Duration.ofHours(1)), trace).start(),
        trace).start());
    try {
      // submitted after the spawned task: done once that one has started and suspended
      loop.submit(() -> Task.completed(null)).get(30, TimeUnit.SECONDS);

      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      ObjectName name = TasksBean.registered().get(30, TimeUnit.SECONDS);
      assertEquals(new ObjectName("org.await4j:type=Tasks"), name);
      TasksMXBean bean = JMX.newMXBeanProxy(server, name, TasksMXBean.class);
      String dump = bean.dumpPendingTasks();

      Matcher inner = Pattern.compile("(Task-\\d+) suspended at AwaitOnce state 1,"
          + " awaiting Timer@\\p{XDigit}+, awaited by outer").matcher(dump);
      assertTrue(inner.find(), dump);
      assertTrue(dump.contains("event loop 'mxbean-test-loop': 2 pending tasks\n"), dump);
      assertTrue(dump.contains("  outer suspended at Caller state 1, awaiting "
          + inner.group(1) + "[pending at AwaitOnce state 1]\n"), dump);
      assertTrue(bean.getPendingTaskCount() >= 2, dump);
      assertTrue(bean.getLiveLoopCount() >= 1, dump);
      // the same from code
      assertTrue(Debug.pendingTasks().contains(
          "outer suspended at Caller state 1, awaiting " + inner.group(1)
              + "[pending at AwaitOnce state 1]"), dump);
    } finally {
      outer.cancel();
      outer.toCompletableFuture().handle((v, e) -> v).get(30, TimeUnit.SECONDS);
      loop.requestStop();
    }
    assertTrue(outer.isCancelled());
    assertEquals(List.of("start on mxbean-test-loop", "caller cleanup"), trace);
  }

  @Test
  void anotherCopyOfTheRuntimeRegistersUnderANameOfItsOwn() throws Exception {
    TasksBean.registerSoon(); // as the first loop made in this JVM does (a no-op if one was)
    ObjectName ours = TasksBean.registered().get(30, TimeUnit.SECONDS);
    assertEquals(new ObjectName("org.await4j:type=Tasks"), ours);
    // the runtime's classes once more, in a class loader of their own (as in another webapp)
    java.net.URL classes = TasksBean.class.getProtectionDomain().getCodeSource().getLocation();
    try (java.net.URLClassLoader copy = new java.net.URLClassLoader(
        new java.net.URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
      Class<?> loop = copy.loadClass(EventLoop.class.getName());
      Class<?> task = copy.loadClass(Task.class.getName());
      java.lang.reflect.Method completed = task.getMethod("completed", Object.class);
      java.util.function.Supplier<Object> main = () -> {
        try {
          return completed.invoke(null, "done");
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      };
      assertEquals("done", loop.getMethod("run", java.util.function.Supplier.class)
          .invoke(null, main)); // its first loop: its bean is registered
      java.lang.reflect.Method registered =
          copy.loadClass(TasksBean.class.getName()).getDeclaredMethod("registered");
      registered.setAccessible(true);
      ObjectName theirs = (ObjectName) ((java.util.concurrent.CompletableFuture<?>)
          registered.invoke(null)).get(30, TimeUnit.SECONDS);

      assertTrue(theirs.toString().startsWith("org.await4j:type=Tasks,id="), theirs.toString());
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      assertTrue(server.isRegistered(ours));
      assertTrue(server.isRegistered(theirs));
      server.unregisterMBean(theirs);
    }
  }
}
