package org.await4j.samples;

import static org.await4j.Await.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.await4j.Async;
import org.await4j.AsyncCloseable;
import org.await4j.Debug;
import org.await4j.EventLoop;
import org.await4j.Task;
import org.await4j.TaskGroup;
import org.await4j.TaskLocal;
import org.await4j.Tasks;
import org.await4j.Timeout;

/**
 * Programs with the scopes that stop a body ({@link Timeout}, {@link TaskGroup}) and an {@link
 * AsyncCloseable}, run by {@link ScopesBothWaysTest} once with state machines and once in
 * blocking debug mode: each prints what happens, in order, and the two transcripts must match.
 * Deadlines that fire are short and what they stop is long (10 s), so the order of events does
 * not depend on the machine's speed.
 */
public class ScopePrograms {
  static final Duration LONG = Duration.ofSeconds(10);

  /** Every task the programs start, to check that none is left pending when one ends. */
  static final List<Task<?>> STARTED = Collections.synchronizedList(new ArrayList<>());

  static <T> Task<T> started(Task<T> task) {
    STARTED.add(task);
    return task;
  }

  static void say(String what) {
    System.out.println("  " + what);
  }

  /** An exception as the transcript shows it: class, message, cause and suppressed ones. */
  static String describe(Throwable t) {
    StringBuilder b = new StringBuilder(t.getClass().getSimpleName() + "(" + t.getMessage() + ")");
    if (t.getCause() != null) {
      b.append(" cause ").append(describe(t.getCause()));
    }
    for (Throwable s : t.getSuppressed()) {
      b.append(" suppressed ").append(describe(s));
    }
    return b.toString();
  }

  /** A child: sleeps, then returns or fails; says when it is cancelled, and cleans up awaiting. */
  @Async
  String child(String name, long millis, String failWith) throws IOException {
    return child(name, millis, 1, failWith);
  }

  @Async
  String child(String name, long millis, long cleanupMillis, String failWith)
      throws IOException {
    try {
      await(Tasks.sleep(Duration.ofMillis(millis)));
    } catch (CancellationException e) {
      say(name + " cancelled");
      try {
        await(Tasks.sleep(Duration.ofMillis(cleanupMillis)));
      } catch (CancellationException again) {
        // a second cancel (a second deadline) cuts the cleanup short, or not, if both reached
        // the child before it ran on: that depends on timing, which the transcript must not
      }
      say(name + " cleaned up");
      if (failWith != null && failWith.startsWith("cleanup:")) {
        throw new IOException(name + " " + failWith);
      }
      throw e;
    }
    if (failWith != null && !failWith.startsWith("cleanup:")) {
      say(name + " fails");
      throw new IOException(name + " " + failWith);
    }
    say(name + " done");
    return name;
  }

  // ---- Timeout ----

  @Async
  String timeoutNotExpired() throws TimeoutException, IOException {
    try (Timeout t = Timeout.after(LONG)) {
      String v = await(started(ScopeProgramsAsync.child(this, "c", 5, null)));
      say("inside, expired " + t.expired() + ", deadline " + t.when().isPresent());
      return v;
    }
  }

  @Async
  String timeoutExpires() throws TimeoutException, IOException {
    try (Timeout t = Timeout.after(Duration.ofMillis(40))) {
      try {
        return await(started(ScopeProgramsAsync.child(this, "slow", LONG.toMillis(), null)));
      } finally {
        say("finally, expired " + t.expired());
        await(Tasks.sleep(Duration.ofMillis(1))); // cleanup may await
        say("cleanup awaited");
      }
    }
  }

  @Async
  String timeoutExpiresAtAYield() throws TimeoutException {
    try (Timeout t = Timeout.after(Duration.ZERO)) {
      await(Tasks.yieldNow());
      say("after the yield");
      return "not stopped";
    }
  }

  @Async
  String innerTimeoutExpires() throws TimeoutException, IOException {
    try (Timeout outer = Timeout.after(LONG)) {
      try (Timeout inner = Timeout.after(Duration.ofMillis(30))) {
        await(Tasks.sleep(LONG));
      } catch (TimeoutException e) {
        say("inner caught " + describe(e));
      }
      String v = await(started(ScopeProgramsAsync.child(this, "after", 5, null)));
      say("outer expired " + outer.expired());
      return v;
    }
  }

  @Async
  String outerTimeoutExpires() throws TimeoutException {
    try (Timeout outer = Timeout.after(Duration.ofMillis(30))) {
      try (Timeout inner = Timeout.after(LONG)) {
        try {
          await(Tasks.sleep(LONG));
        } finally {
          say("finally, inner expired " + inner.expired() + ", outer expired " + outer.expired());
        }
      }
      return "never";
    }
  }

  @Async
  String bothTimeoutsExpire() throws TimeoutException, IOException {
    try (Timeout outer = Timeout.after(Duration.ofMillis(30))) {
      try (Timeout inner = Timeout.after(Duration.ofMillis(20))) {
        try {
          // the inner deadline cancels the child, whose cleanup lasts past the outer one
          return await(started(
              ScopeProgramsAsync.child(this, "slow", LONG.toMillis(), 100, null)));
        } finally {
          say("finally, inner expired " + inner.expired() + ", outer expired " + outer.expired());
        }
      }
    }
  }

  @Async
  String rescheduled() throws TimeoutException {
    try (Timeout t = Timeout.after(LONG)) {
      await(Tasks.sleep(Duration.ofMillis(5)));
      t.reschedule(Duration.ofMillis(30));
      say("rescheduled, deadline " + t.when().isPresent());
      await(Tasks.sleep(LONG));
      return "never";
    }
  }

  @Async
  String withoutDeadline() throws TimeoutException {
    try (Timeout t = Timeout.withoutDeadline()) {
      await(Tasks.sleep(Duration.ofMillis(5)));
      say("no deadline " + t.when().isEmpty() + ", expired " + t.expired());
      t.reschedule(Duration.ofMillis(20));
      await(Tasks.sleep(LONG));
      return "never";
    } catch (TimeoutException e) {
      say("caught " + describe(e));
      try (Timeout again = Timeout.withoutDeadline()) {
        again.reschedule(null);
        await(Tasks.sleep(Duration.ofMillis(5)));
        return "no deadline, not stopped";
      }
    }
  }

  @Async
  String rescheduleAfterExpiry() throws TimeoutException {
    Timeout kept = null;
    try (Timeout t = Timeout.after(Duration.ofMillis(20))) {
      kept = t;
      await(Tasks.sleep(LONG));
    } catch (TimeoutException e) {
      say("caught " + describe(e));
    }
    try {
      kept.reschedule(Duration.ofMillis(5));
    } catch (IllegalStateException e) {
      say("reschedule: " + describe(e));
    }
    return "expired " + kept.expired();
  }

  /** A cancel from outside is not a timeout, even with a deadline open. */
  @Async
  String cancelledInsideTimeout() throws TimeoutException {
    try (Timeout t = Timeout.after(LONG)) {
      Task<?> me = Task.current();
      Tasks.spawn(() -> started(ScopeProgramsAsync.cancelSoon(this, me)));
      await(Tasks.sleep(LONG));
      return "never";
    }
  }

  @Async
  void cancelSoon(Task<?> task) {
    await(Tasks.sleep(Duration.ofMillis(10)));
    say("cancelling from outside");
    task.cancel();
  }

  // ---- TaskGroup ----

  @Async
  String groupChildrenSucceed() throws IOException {
    try (TaskGroup g = new TaskGroup()) {
      Task<String> a = g.start(started(ScopeProgramsAsync.child(this, "a", 100, null)));
      Task<String> b = g.start(started(ScopeProgramsAsync.child(this, "b", 5, null)));
      await(g.join());
      return a.result() + b.result();
    }
  }

  @Async
  String groupChildFails() throws IOException {
    try (TaskGroup g = new TaskGroup()) {
      g.start(started(ScopeProgramsAsync.child(this, "sibling", LONG.toMillis(), null)));
      g.start(started(ScopeProgramsAsync.child(this, "failing", 10, "broke")));
      try {
        await(Tasks.sleep(LONG)); // the body's pending await: cancelled by the failure
        return "never";
      } finally {
        say("body finally");
        await(Tasks.sleep(Duration.ofMillis(1)));
        say("body cleanup awaited");
      }
    }
  }

  @Async
  String groupTwoChildrenFail() throws IOException {
    try (TaskGroup g = new TaskGroup()) {
      g.start(started(ScopeProgramsAsync.child(this, "first", 10, "broke")));
      g.start(started(
          ScopeProgramsAsync.child(this, "second", LONG.toMillis(), "cleanup:broke too")));
      await(started(ScopeProgramsAsync.child(this, "awaited", LONG.toMillis(), null)));
      return "never";
    }
  }

  @Async
  String groupChildFailsDuringJoin() throws IOException {
    try (TaskGroup g = new TaskGroup()) {
      g.start(started(ScopeProgramsAsync.child(this, "sibling", LONG.toMillis(), null)));
      g.start(started(ScopeProgramsAsync.child(this, "failing", 10, "broke")));
      try {
        await(g.join());
      } catch (Exception e) { // the children's exceptions are not known to the compiler
        say("join failed " + describe(e));
      }
      return "after join";
    }
  }

  @Async
  String groupBodyFails() throws IOException {
    try (TaskGroup g = new TaskGroup()) {
      g.start(started(ScopeProgramsAsync.child(this, "a", LONG.toMillis(), null)));
      g.start(started(ScopeProgramsAsync.child(this, "b", LONG.toMillis(), null)));
      await(Tasks.sleep(Duration.ofMillis(5)));
      say("body throws");
      throw new IllegalStateException("body broke");
    }
  }

  @Async
  String groupCloseWaits() throws IOException {
    try (TaskGroup g = new TaskGroup()) {
      g.start(started(ScopeProgramsAsync.child(this, "left", LONG.toMillis(), null)));
      g.spawn(() -> started(ScopeProgramsAsync.child(this, "spawned", LONG.toMillis(), null)));
      await(Tasks.sleep(Duration.ofMillis(5)));
      say("body returns");
      return "returned early"; // the close cancels the children and waits for their cleanup
    } finally {
      say("after the close");
    }
  }

  @Async
  String groupInsideTimeout() throws IOException, TimeoutException {
    try (Timeout t = Timeout.after(Duration.ofMillis(30))) {
      try (TaskGroup g = new TaskGroup()) {
        g.start(started(ScopeProgramsAsync.child(this, "a", LONG.toMillis(), null)));
        g.start(started(ScopeProgramsAsync.child(this, "b", LONG.toMillis(), null)));
        await(g.join());
        return "never";
      }
    }
  }

  @Async
  String timeoutInsideFailingGroup() throws IOException, TimeoutException {
    try (TaskGroup g = new TaskGroup()) {
      g.start(started(ScopeProgramsAsync.child(this, "failing", 10, "broke")));
      try (Timeout t = Timeout.after(LONG)) {
        await(Tasks.sleep(LONG));
        return "never";
      } finally {
        say("timeout scope ends");
      }
    }
  }

  // ---- AsyncCloseable ----

  /** A resource whose close awaits. */
  static final class SlowClose implements AsyncCloseable {
    @Override
    public Task<Void> closeAsync() {
      return started(ScopeProgramsAsync.slowClose());
    }
  }

  @Async
  static Void slowClose() {
    say("closing");
    await(Tasks.sleep(Duration.ofMillis(10)));
    say("closed");
    return null;
  }

  @Async
  String asyncCloseWaits() {
    try (SlowClose r = new SlowClose()) {
      say("using");
      await(Tasks.sleep(Duration.ofMillis(1)));
    }
    say("after the block");
    return "done";
  }

  // ---- names and places ----

  /** Task names and where a task says it is: the same in both modes. */
  @Async
  String namesAndPlaces() throws IOException {
    Task<String> child = started(ScopeProgramsAsync.child(this, "named", 5, null));
    await(Tasks.sleep(Duration.ofMillis(1)));
    // numbers may differ: a direct call that waits (child's own) is a task in a machine only
    say("current " + Task.current().toString().replaceAll("\\d+", "n"));
    say("child " + child.toString().replaceAll("\\d+", "n"));
    String value = await(child);
    say("child " + child.toString().replaceAll("-\\d+", "-n"));
    return value;
  }

  static final TaskLocal<String> CONTEXT = new TaskLocal<>("context", "-");

  /** TaskLocal values: each task starts with a copy of its creator's, both ways. */
  @Async
  String taskLocals() {
    CONTEXT.set("outer");
    Task<String> viaStub = started(ScopeProgramsAsync.seesContext(this, "stub"));
    Task<String> viaSpawn = started(Tasks.spawn(() -> ScopeProgramsAsync.seesContext(this, "spawn")));
    return await(viaStub) + " " + await(viaSpawn);
  }

  @Async
  String seesContext(String how) {
    String before = CONTEXT.get();
    await(Tasks.sleep(Duration.ofMillis(1)));
    return how + ":" + before + "/" + CONTEXT.get();
  }

  public static void main(String[] args) {
    ScopePrograms p = new ScopePrograms();
    Map<String, Supplier<Task<String>>> programs = new LinkedHashMap<>();
    programs.put("timeoutNotExpired", () -> ScopeProgramsAsync.timeoutNotExpired(p));
    programs.put("timeoutExpires", () -> ScopeProgramsAsync.timeoutExpires(p));
    programs.put("timeoutExpiresAtAYield", () -> ScopeProgramsAsync.timeoutExpiresAtAYield(p));
    programs.put("innerTimeoutExpires", () -> ScopeProgramsAsync.innerTimeoutExpires(p));
    programs.put("outerTimeoutExpires", () -> ScopeProgramsAsync.outerTimeoutExpires(p));
    programs.put("bothTimeoutsExpire", () -> ScopeProgramsAsync.bothTimeoutsExpire(p));
    programs.put("rescheduled", () -> ScopeProgramsAsync.rescheduled(p));
    programs.put("withoutDeadline", () -> ScopeProgramsAsync.withoutDeadline(p));
    programs.put("rescheduleAfterExpiry", () -> ScopeProgramsAsync.rescheduleAfterExpiry(p));
    programs.put("cancelledInsideTimeout", () -> ScopeProgramsAsync.cancelledInsideTimeout(p));
    programs.put("groupChildrenSucceed", () -> ScopeProgramsAsync.groupChildrenSucceed(p));
    programs.put("groupChildFails", () -> ScopeProgramsAsync.groupChildFails(p));
    programs.put("groupTwoChildrenFail", () -> ScopeProgramsAsync.groupTwoChildrenFail(p));
    programs.put("groupChildFailsDuringJoin",
        () -> ScopeProgramsAsync.groupChildFailsDuringJoin(p));
    programs.put("groupBodyFails", () -> ScopeProgramsAsync.groupBodyFails(p));
    programs.put("groupCloseWaits", () -> ScopeProgramsAsync.groupCloseWaits(p));
    programs.put("groupInsideTimeout", () -> ScopeProgramsAsync.groupInsideTimeout(p));
    programs.put("timeoutInsideFailingGroup",
        () -> ScopeProgramsAsync.timeoutInsideFailingGroup(p));
    programs.put("asyncCloseWaits", () -> ScopeProgramsAsync.asyncCloseWaits(p));
    programs.put("namesAndPlaces", () -> ScopeProgramsAsync.namesAndPlaces(p));
    programs.put("taskLocals", () -> ScopeProgramsAsync.taskLocals(p));
    System.out.println("blocking debug mode " + Debug.BLOCKING);
    String only = args.length > 0 ? args[0] : null; // one program, to look at it alone
    programs.forEach((name, program) -> {
      if (only == null || name.equals(only)) {
        EventLoop.run(() -> ScopeProgramsAsync.runOne(name, program));
      }
    });
  }

  /** Runs one program and says how it ended, and how many of its tasks are still pending. */
  @Async
  static Void runOne(String name, Supplier<Task<String>> program) {
    System.out.println(name + ":");
    try {
      say("returned " + await(program.get()));
    } catch (Throwable t) {
      say("threw " + describe(t));
    }
    int pending = 0;
    synchronized (STARTED) {
      for (Task<?> t : STARTED) {
        pending += t.isDone() ? 0 : 1;
      }
      STARTED.clear();
    }
    say("tasks left pending: " + pending);
    return null;
  }
}
