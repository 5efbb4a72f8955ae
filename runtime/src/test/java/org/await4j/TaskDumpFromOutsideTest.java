package org.await4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.tools.attach.VirtualMachine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.management.JMX;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.await4j.sync.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A JDK tool's view: a child JVM runs a loop with bodies suspended, and this test attaches to it
 * with the attach API, starts its management agent and reads {@link TasksMXBean} over JMX.
 */
class TaskDumpFromOutsideTest {
  /**
   * The main body "request" awaits a callee waiting for an event that is never set; a spawned
   * "sleeper" sleeps for an hour. Prints its pid once both are suspended and the bean is there.
   */
  public static final class Child {
    public static void main(String[] args) {
      EventLoop.run(() -> {
        List<String> trace = Collections.synchronizedList(new ArrayList<>());
        Tasks.spawn("sleeper",
            () -> new Machines.AwaitOnce(Tasks.sleep(Duration.ofHours(1)), trace).start());
        Event never = new Event();
        Machines.Caller request =
            new Machines.Caller(() -> new Machines.AwaitOnce(never.waitUntilSet(), trace).start(),
                trace);
        TaskNames.set(request, "request");
        // queued behind the spawned task: runs once "sleeper" has started and suspended
        EventLoop.current().execute(() -> TasksBean.registered().handle((name, e) -> {
          System.out.println(e == null ? "PID " + ProcessHandle.current().pid() : "NO BEAN " + e);
          System.out.flush();
          return null;
        }).join());
        return request.start();
      });
    }
  }

  @Test
  @Timeout(90) // a JVM started, attached to and asked over JMX: slower than 10 s on a busy host
  void aJdkToolReadsThePendingTasksOfAnotherJvm() throws Exception {
    String java = System.getProperty("java.home") + "/bin/java";
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        Child.class.getName()).redirectErrorStream(true).start();
    List<String> output = Collections.synchronizedList(new ArrayList<>());
    try {
      BufferedReader lines = new BufferedReader(
          new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      // read off this thread: destroying the child in finally ends a read that would hang
      CompletableFuture<String> pidLine = CompletableFuture.supplyAsync(() -> {
        try {
          for (String line; (line = lines.readLine()) != null; ) {
            output.add(line);
            if (line.startsWith("PID ") || line.startsWith("NO BEAN ")) {
              return line;
            }
          }
          return "child ended";
        } catch (java.io.IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      String first = pidLine.get(60, TimeUnit.SECONDS);
      assertTrue(first.startsWith("PID "), output.toString());

      VirtualMachine vm = VirtualMachine.attach(first.substring(4));
      String url;
      try {
        url = vm.startLocalManagementAgent();
      } finally {
        vm.detach();
      }
      String dump;
      try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(url))) {
        TasksMXBean bean = JMX.newMXBeanProxy(connector.getMBeanServerConnection(),
            new ObjectName("org.await4j:type=Tasks"), TasksMXBean.class);
        dump = bean.dumpPendingTasks();
        assertTrue(bean.getPendingTaskCount() == 3, dump);
      }

      assertTrue(dump.startsWith("event loop 'main': 3 pending tasks\n"), dump);
      assertTrue(Pattern.compile("\n  request suspended at Caller state 1, awaiting "
          + "Task-\\d+\\[pending at AwaitOnce state 1\\]\n").matcher(dump).find(),
          dump);
      assertTrue(Pattern.compile("\n  Task-\\d+ suspended at AwaitOnce state 1,"
          + " awaiting \\w+@\\p{XDigit}+, awaited by request\n").matcher(dump).find(), dump);
      assertTrue(Pattern.compile("\n  sleeper suspended at AwaitOnce state 1,"
          + " awaiting Timer@\\p{XDigit}+\n").matcher(dump).find(), dump);
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
