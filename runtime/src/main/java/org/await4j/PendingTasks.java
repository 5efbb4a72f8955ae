package org.await4j;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.await4j.internal.AsyncMachine;

/**
 * Finds the pending tasks of the live loops without any registry of tasks, so that nothing is
 * paid per task or per await until someone asks: each loop is asked, on its own thread, to walk
 * from what it holds anyway (its main task, its timers, its ready queue) to every body those
 * await and every task that awaits them, through the listener chains the tasks already keep.
 * A body whose whole chain waits on something no loop holds (a lock or a foreign future awaited
 * by a task that nobody awaits) is not found; the debug mode's registry finds it.
 */
final class PendingTasks {
  private PendingTasks() {}

  /** How long a dump waits for a loop whose thread is busy. */
  private static final long ANSWER_MILLIS = 1000;

  /** The loops made so far, weakly: being listed must not keep a loop alive. */
  private static final Map<EventLoop, Boolean> LOOPS =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** A loop was made: remember it, and offer the dump to JDK tools (once per JVM). */
  static void loopMade(EventLoop loop) {
    LOOPS.put(loop, Boolean.TRUE);
    TasksBean.registerSoon();
  }

  /** The loops that are running now: bound to their thread, not closed, the thread alive. */
  static List<EventLoop> liveLoops() {
    List<EventLoop> live = new ArrayList<>();
    synchronized (LOOPS) {
      for (EventLoop loop : LOOPS.keySet()) {
        if (loop != null && loop.isRunning()) {
          live.add(loop);
        }
      }
    }
    return live;
  }

  /** One loop's answer: its thread's name and its pending bodies, or null lines if busy. */
  static final class LoopDump {
    final String loopName;
    final List<String> lines;

    LoopDump(String loopName, List<String> lines) {
      this.loopName = loopName;
      this.lines = lines;
    }
  }

  /** Asks every live loop at once, then waits up to a second in all for their answers. */
  static List<LoopDump> all() {
    List<EventLoop> loops = liveLoops();
    List<CompletableFuture<List<String>>> answers = new ArrayList<>();
    for (EventLoop loop : loops) {
      CompletableFuture<List<String>> answer = new CompletableFuture<>();
      if (loop.inLoop()) {
        answer.complete(of(loop)); // asked from a body or callback of this very loop
      } else {
        loop.execute(() -> answer.complete(of(loop)));
      }
      answers.add(answer);
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ANSWER_MILLIS);
    List<LoopDump> dumps = new ArrayList<>();
    for (int i = 0; i < loops.size(); i++) {
      List<String> lines;
      try {
        lines = answers.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        lines = null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        lines = null;
      } catch (java.util.concurrent.ExecutionException e) {
        lines = List.of("(the walk failed: " + e.getCause() + ")");
      }
      dumps.add(new LoopDump(loops.get(i).thread().getName(), lines));
    }
    return dumps;
  }

  /** {@link #all()} as text: a header per loop, its bodies indented below. */
  static String text(List<LoopDump> dumps) {
    StringBuilder out = new StringBuilder();
    for (LoopDump d : dumps) {
      out.append("event loop '").append(d.loopName).append("': ");
      if (d.lines == null) {
        out.append("busy, no answer within ").append(ANSWER_MILLIS).append(" ms\n");
        continue;
      }
      out.append(d.lines.size()).append(d.lines.size() == 1 ? " pending task\n" : " pending tasks\n");
      for (String line : d.lines) {
        out.append("  ").append(line).append('\n');
      }
    }
    return out.length() == 0 ? "no event loop is running\n" : out.toString();
  }

  /** The pending bodies that {@code loop} reaches, one line each, sorted. On its thread only. */
  static List<String> of(EventLoop loop) {
    Set<Task<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    ArrayDeque<Task<?>> todo = new ArrayDeque<>();
    loop.forEachHeldTask(todo::add);
    List<String> lines = new ArrayList<>();
    while (!todo.isEmpty()) {
      Task<?> t = todo.poll();
      if (t.isDone() || !seen.add(t)) {
        continue;
      }
      Task<?> down = null;
      if (t instanceof AsyncMachine) {
        AsyncMachine<?> m = (AsyncMachine<?>) t;
        down = m.awaitedTask();
        if (m.loop() == loop || m.loop() == null) {
          lines.add(describe(m));
        }
      } else if (t instanceof BlockingBody) {
        down = ((BlockingBody<?>) t).awaitedTask();
        lines.add(describe(t));
      } else if (t instanceof Spawned) {
        down = ((Spawned<?>) t).started();
        if (down == null) {
          lines.add(t.name() + " not started yet");
        }
      }
      if (down != null) {
        todo.add(down);
      }
      todo.addAll(t.listeningTasks());
    }
    Collections.sort(lines);
    return lines;
  }

  /**
   * The pending tasks that run code which {@code loop} reaches, as {@link #of} finds them, plus
   * the task running now (asyncio's {@code all_tasks()}): a spawned task's body is that task (as
   * {@code Task.current()} is there). On the loop's thread only.
   */
  static Set<Task<?>> tasksOf(EventLoop loop) {
    Set<Task<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    ArrayDeque<Task<?>> todo = new ArrayDeque<>();
    Set<Task<?>> found = new java.util.LinkedHashSet<>();
    // the running code's task, as Task.current() gives it (a call on its fast path gets its task
    // object now, as there): asyncio's current_task() is always in all_tasks()
    Task<?> running = Task.running(loop);
    if (running != null) {
      found.add(running.face());
      todo.add(running);
    }
    loop.forEachHeldTask(todo::add);
    while (!todo.isEmpty()) {
      Task<?> t = todo.poll();
      if (t.isDone() || !seen.add(t)) {
        continue;
      }
      Task<?> down = null;
      if (t instanceof AsyncMachine) {
        AsyncMachine<?> m = (AsyncMachine<?>) t;
        down = m.awaitedTask();
        if (m.loop() == loop) {
          found.add(((Task<?>) m).face());
        }
      } else if (t instanceof BlockingBody) {
        down = ((BlockingBody<?>) t).awaitedTask();
        found.add(t.face());
      } else if (t instanceof Spawned) {
        found.add(t);
        down = ((Spawned<?>) t).started();
      }
      if (down != null) {
        todo.add(down);
      }
      todo.addAll(t.listeningTasks());
    }
    return Collections.unmodifiableSet(found);
  }

  /**
   * A pending body (a machine, or a blocking body in blocking debug mode): where it is suspended,
   * what it awaits, which tasks await it.
   */
  static String describe(Task<?> body) {
    Task<?> on;
    String where;
    boolean running;
    if (body instanceof AsyncMachine) {
      on = ((AsyncMachine<?>) body).awaitedTask();
      where = ((AsyncMachine<?>) body).where();
      running = ((AsyncMachine<?>) body).isRunning();
    } else {
      on = ((BlockingBody<?>) body).awaitedTask();
      where = ((BlockingBody<?>) body).where();
      running = ((BlockingBody<?>) body).isRunning();
    }
    List<String> by = new ArrayList<>();
    awaitedBy(body, by, Collections.newSetFromMap(new IdentityHashMap<>()));
    return body.name() + (running ? " running at " : " suspended at ") + where
        + (on == null ? "" : ", awaiting " + (isBody(on) ? on : on.name()))
        + (by.isEmpty() ? "" : ", awaited by " + String.join(", ", by));
  }

  private static boolean isBody(Task<?> t) {
    return t instanceof AsyncMachine || t instanceof BlockingBody;
  }

  /**
   * The bodies that await {@code t}, by name; through a task that only passes an outcome on (a
   * spawned task, a gather, a timeout), the bodies that await that one.
   */
  private static void awaitedBy(Task<?> t, List<String> names, Set<Task<?>> seen) {
    for (Task<?> l : t.listeningTasks()) {
      if (!seen.add(l)) {
        continue;
      }
      if (isBody(l)) {
        names.add(l.name());
      } else {
        int before = names.size();
        awaitedBy(l, names, seen);
        if (names.size() == before && !(l instanceof Spawned)) {
          names.add(l.name()); // a combinator nobody awaits: name it at least
        }
      }
    }
  }
}
