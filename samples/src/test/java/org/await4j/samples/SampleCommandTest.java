package org.await4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README's sample command, {@code mvn -q -pl samples exec:java}, must end on its own as soon as
 * the sample is done: exec:java interrupts and joins the threads left in the program's thread
 * group for up to 15 s each, so a runtime thread that ignores the interrupt made the command take
 * 16 s instead of 1.5 s. Each sample's {@code main} runs in a child JVM under {@link
 * ExecJavaEnd}, which ends the same way with a much shorter join bound.
 */
class SampleCommandTest {
  /** Per thread: a thread that ends when interrupted ends at once; 15 s is exec:java's. */
  private static final long JOIN_MILLIS = 2_000;

  @Test
  void fetchAllEndsOnItsOwnWithNoRuntimeThreadLeft() throws Exception {
    String out = runLikeExecJava(FetchAll.class.getName());
    assertTrue(out.contains("5 fetches of 500 ms each took"), out);
    assertTrue(out.contains("/broken failed: java.io.IOException: HTTP 500"), out);
  }

  /**
   * Blocking debug mode ({@code -Dawait4j.debug.blocking=true}: each {@code @Async} call runs the
   * source method on a thread of its own, for breakpoints) prints what the state machines print.
   */
  @Test
  void fetchAllPrintsTheSameInBlockingDebugMode() throws Exception {
    String machines = normalized(runLikeExecJava(FetchAll.class.getName()));
    String blocking = normalized(runLikeExecJava(FetchAll.class.getName(), BLOCKING));
    assertEquals(machines, blocking);
  }

  /**
   * ProducersConsumers ends on its own with no runtime thread left, with state machines and in
   * blocking debug mode (its Timeout and TaskGroup scopes), and does the same in both: its
   * producers and consumers run on real timers that often fall due together, so the interleaving
   * of their lines, the queue sizes they print and, on a loaded machine, which consumer takes
   * which item vary from run to run, in either mode; what each of them does, in order, and the
   * items the consumers handle between them, do not.
   */
  @Test
  void producersConsumersEndsOnItsOwnAndDoesTheSameInBlockingDebugMode() throws Exception {
    Map<String, List<String>> machines =
        eachActor(runLikeExecJava(ProducersConsumers.class.getName()));
    Map<String, List<String>> blocking =
        eachActor(runLikeExecJava(ProducersConsumers.class.getName(), BLOCKING));
    assertEquals(List.of("all", "c1", "c2", "finished", "p1", "p2"),
        List.copyOf(machines.keySet()), machines.toString());
    assertEquals(itemsTogether(machines), itemsTogether(blocking));
  }

  /** The consumers' lines without the items they handled, which go into one sorted list. */
  private static Map<String, List<String>> itemsTogether(Map<String, List<String>> actors) {
    Map<String, List<String>> out = new TreeMap<>();
    List<String> handled = new java.util.ArrayList<>();
    actors.forEach((actor, lines) -> {
      List<String> own = new java.util.ArrayList<>();
      for (String line : lines) {
        if (actor.startsWith("c") && line.startsWith("handled ")) {
          handled.add(line);
        } else {
          own.add(line);
        }
      }
      out.put(actor, own);
    });
    java.util.Collections.sort(handled);
    out.put("handled by the consumers", handled);
    return out;
  }

  private static final String BLOCKING = "-Dawait4j.debug.blocking=true";

  /** Without what changes from run to run: times and the local server's port. */
  private static String normalized(String out) {
    return out.replaceAll("\\d+ ms", "N ms").replaceAll("127\\.0\\.0\\.1:\\d+", "HOST");
  }

  /** The lines of ProducersConsumers by who says them (their first word), without queue sizes. */
  private static Map<String, List<String>> eachActor(String out) {
    Map<String, List<String>> lines = new TreeMap<>();
    Matcher m = Pattern.compile("(?m)^ *\\d+ ms  (\\S+) ?(.*?)(?: \\(queue size \\d+\\))?$")
        .matcher(out);
    while (m.find()) {
      lines.computeIfAbsent(m.group(1), actor -> new ArrayList<>()).add(m.group(2));
    }
    return lines;
  }

  static String runLikeExecJava(String sample, String... jvmFlags) throws Exception {
    List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java"));
    command.addAll(List.of(jvmFlags));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        ExecJavaEnd.class.getName(), sample, Long.toString(JOIN_MILLIS)));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread reader = new Thread(() -> {
      try {
        p.getInputStream().transferTo(out);
      } catch (java.io.IOException ignored) {
        // the process ended
      }
    });
    reader.start();
    // generous: the sample itself takes about a second; a hang is what this bounds
    boolean ended = p.waitFor(60, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    reader.join(5_000);
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(ended, "did not end within 60 s:\n" + text);
    assertEquals(0, p.exitValue(), text);
    assertTrue(text.contains("ENDED CLEANLY"), text);
    return text;
  }
}
