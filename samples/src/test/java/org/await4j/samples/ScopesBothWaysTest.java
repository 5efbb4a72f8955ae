package org.await4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Blocking debug mode ({@code -Dawait4j.debug.blocking=true}) runs each {@code @Async} call's
 * source as blocking code: the scopes that stop a body ({@code Timeout}, {@code TaskGroup}) and
 * the close of an {@code AsyncCloseable} must behave there as in the state machines. {@link
 * ScopePrograms} runs each program in its own JVM both ways, under {@link ExecJavaEnd} (no thread
 * may be left), and says what happens in order, how each program ends and how many of its tasks
 * are left pending.
 */
class ScopesBothWaysTest {
  /** How each program ends with state machines: the comparison must compare these. */
  private static final Map<String, String> ENDS = new LinkedHashMap<>();

  static {
    String timedOut = "threw TimeoutException(timed out after %d ms) cause CancellationException";
    ENDS.put("timeoutNotExpired", "returned c");
    ENDS.put("timeoutExpires", String.format(timedOut, 40));
    ENDS.put("timeoutExpiresAtAYield", String.format(timedOut, 0));
    ENDS.put("innerTimeoutExpires", "returned after");
    ENDS.put("outerTimeoutExpires", String.format(timedOut, 30));
    ENDS.put("bothTimeoutsExpire", String.format(timedOut, 30)); // the outer one's, not 20's
    ENDS.put("rescheduled", String.format(timedOut, 30));
    ENDS.put("withoutDeadline", "returned no deadline, not stopped");
    ENDS.put("rescheduleAfterExpiry", "returned expired true");
    ENDS.put("cancelledInsideTimeout", "threw CancellationException(task was cancelled)");
    ENDS.put("groupChildrenSucceed", "returned ab");
    ENDS.put("groupChildFails", "threw IOException(failing broke)");
    ENDS.put("groupTwoChildrenFail",
        "threw IOException(first broke) suppressed IOException(second cleanup:broke too)");
    ENDS.put("groupChildFailsDuringJoin", "returned after join");
    ENDS.put("groupBodyFails", "threw IllegalStateException(body broke)");
    ENDS.put("groupCloseWaits", "returned returned early");
    ENDS.put("groupInsideTimeout", String.format(timedOut, 30));
    ENDS.put("timeoutInsideFailingGroup", "threw IOException(failing broke)");
    ENDS.put("asyncCloseWaits", "returned done");
    ENDS.put("namesAndPlaces", "returned named");
    ENDS.put("taskLocals", "returned stub:outer/outer spawn:outer/outer");
  }

  @Test
  void scopesBehaveInBlockingDebugModeAsWithStateMachines() throws Exception {
    String machines = run();
    String blocking = run("-Dawait4j.debug.blocking=true");
    assertTrue(machines.startsWith("blocking debug mode false\n"), machines);
    assertTrue(blocking.startsWith("blocking debug mode true\n"), blocking);
    for (Map.Entry<String, String> e : ENDS.entrySet()) {
      String program = section(machines, e.getKey());
      assertTrue(program.contains("\n  " + e.getValue()), program);
      assertTrue(program.endsWith("\n  tasks left pending: 0\n"), program);
    }
    assertEquals(transcript(machines), transcript(blocking));
  }

  /** The programs' output; {@link SampleCommandTest#runLikeExecJava} checks how it ended. */
  private static String run(String... jvmFlags) throws Exception {
    String out = SampleCommandTest.runLikeExecJava(ScopePrograms.class.getName(), jvmFlags);
    return out.substring(0, out.lastIndexOf("ENDED CLEANLY"));
  }

  /** What {@code program} printed, from its name to the next program's. */
  private static String section(String out, String program) {
    int start = out.indexOf("\n" + program + ":\n");
    assertTrue(start >= 0, program + " did not run:\n" + out);
    int end = out.indexOf(":\n", start + program.length() + 3);
    end = end < 0 ? out.length() : out.lastIndexOf('\n', end) + 1;
    return out.substring(start, end);
  }

  /** Without the first line, which names the mode. */
  private static List<String> transcript(String out) {
    List<String> lines = List.of(out.split("\n"));
    return lines.subList(1, lines.size());
  }
}
