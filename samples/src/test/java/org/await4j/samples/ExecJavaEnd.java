package org.await4j.samples;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a sample's {@code main} as {@code mvn exec:java} does, and ends as it does: the main
 * thread runs in a thread group of its own; once it returns, every thread still alive in the
 * group (daemon threads too) is interrupted and joined, each for at most {@code joinMillis}
 * (exec:java's {@code daemonThreadJoinTimeout}, 15 s there). Prints the threads that did not end
 * and exits with 1 if any did not.
 *
 * <p>Arguments: the sample's class name, the join bound in milliseconds, then the sample's own.
 */
public final class ExecJavaEnd {
  private ExecJavaEnd() {}

  public static void main(String[] args) throws Exception {
    Method sampleMain = Class.forName(args[0]).getMethod("main", String[].class);
    long joinMillis = Long.parseLong(args[1]);
    String[] sampleArgs = java.util.Arrays.copyOfRange(args, 2, args.length);
    ThreadGroup group = new ThreadGroup("sample");
    Throwable[] failure = new Throwable[1];
    Thread main = new Thread(group, () -> {
      try {
        sampleMain.invoke(null, (Object) sampleArgs);
      } catch (Throwable t) {
        failure[0] = t;
      }
    }, args[0] + ".main()");
    main.start();
    main.join();
    if (failure[0] != null) {
      failure[0].printStackTrace();
      System.exit(2);
    }
    List<String> stuck = new ArrayList<>();
    for (Thread t : alive(group)) {
      t.interrupt();
      t.join(joinMillis);
      if (t.isAlive()) {
        stuck.add(t.getName());
      }
    }
    if (!stuck.isEmpty()) {
      System.out.println("STILL RUNNING after interrupt and join: " + stuck);
      System.exit(1);
    }
    System.out.println("ENDED CLEANLY");
    System.exit(0);
  }

  private static List<Thread> alive(ThreadGroup group) {
    Thread[] threads = new Thread[group.activeCount() + 16];
    int n = group.enumerate(threads, true);
    List<Thread> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (threads[i].isAlive()) {
        out.add(threads[i]);
      }
    }
    return out;
  }
}
