package org.await4j.processor.corpus;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Groups javac messages: the processor's stable ids, and javac errors by their first words. */
final class Reasons {
  private static final Pattern ID = Pattern.compile("^\\[await4j:(\\w+)\\]");

  private Reasons() {}

  /** {@code PrivateMember} for a message {@code [await4j:PrivateMember] ...}, else null. */
  static String processorId(String message) {
    Matcher m = ID.matcher(message);
    return m.find() ? m.group(1) : null;
  }

  /**
   * A family for a javac error: its first line with names and types taken out
   * ({@code incompatible types: X cannot be converted to Y} gives {@code incompatible types:
   * _ cannot be converted to _}); {@code cannot find symbol} keeps the kind of symbol.
   */
  static String family(String message) {
    String[] lines = message.split("\n");
    String first = lines[0].strip();
    String id = processorId(first);
    if (id != null) {
      return "[await4j:" + id + "]";
    }
    if (first.startsWith("cannot find symbol")) {
      for (String l : lines) {
        String s = l.strip();
        if (s.startsWith("symbol:")) {
          String[] w = s.split("\\s+");
          return "cannot find symbol (" + (w.length > 1 ? w[1] : "?") + ")";
        }
      }
      return "cannot find symbol";
    }
    return first.replaceAll("'[^']*'", "_")
        .replaceAll("[\\w.$]+(<[^:]*?>)?(\\[\\])*(?= cannot be converted)", "_")
        .replaceAll("(?<=converted to )[\\w.$<>,?\\[\\] ]+", "_")
        .replaceAll("(?<=method )\\w+(?= in)", "_")
        .replaceAll("(?<= in (class|interface) )[\\w.$<>,? ]+(?= cannot)", "_");
  }
}
