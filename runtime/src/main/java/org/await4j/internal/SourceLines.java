package org.await4j.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * What a generated machine class tells stack traces about its source: the source class, method
 * and file, the source line of each state, and the source line of each line of the generated
 * file. Each machine class registers one when it is initialized (a static field the processor
 * writes last in the class); the line map is decoded the first time an exception needs it.
 */
public final class SourceLines {
  /** By machine class name: frames name their class, and a name keeps no class loader alive. */
  private static final ConcurrentHashMap<String, SourceLines> BY_CLASS = new ConcurrentHashMap<>();

  final String sourceClass;
  final String method;
  final String file;
  /**
   * Whether the class runs its body in a shared {@code body$} (see the processor's README
   * section): then its {@code resume} and {@code fast} only enter it.
   */
  final boolean sharedBody;
  private final int[] stateLines;
  private final String[] encoded;
  /** Source line of each generated line (index: generated line), 0 if none; decoded lazily. */
  private volatile int[] lines;
  /** The last frame of the method that {@link #frame} made: a recursion repeats its frames. */
  private volatile StackTraceElement lastFrame;

  private SourceLines(String sourceClass, String method, String file, boolean sharedBody,
      int[] stateLines, String[] encoded) {
    this.sourceClass = sourceClass;
    this.method = method;
    this.file = file;
    this.sharedBody = sharedBody;
    this.stateLines = stateLines;
    this.encoded = encoded;
  }

  /**
   * Registers a machine class. {@code lineMap} holds runs {@code g:s:n:k;}: the {@code n}
   * generated lines from {@code g} come from source line {@code s}, all of them ({@code k} 0) or
   * one after another ({@code k} 1). Not for users.
   */
  static SourceLines register(Class<?> machine, String sourceClass, String method, String file,
      boolean sharedBody, int[] stateLines, String... lineMap) {
    SourceLines s = new SourceLines(sourceClass, method, file, sharedBody, stateLines, lineMap);
    BY_CLASS.put(machine.getName(), s);
    return s;
  }

  /** The table of a machine class, or null if it is not one (or has not run). */
  static SourceLines of(String className) {
    return BY_CLASS.get(className);
  }

  /** The source line of a state, 0 if unknown. */
  int lineOfState(int state) {
    return state >= 0 && state < stateLines.length ? stateLines[state] : 0;
  }

  /**
   * The user's frame of the method at source line {@code line} (-1: unknown), the last one
   * made if it is that line: stack trace elements are immutable, so a trace may hold one twice.
   */
  StackTraceElement frame(int line) {
    StackTraceElement f = lastFrame;
    if (f == null || f.getLineNumber() != line) {
      f = new StackTraceElement(sourceClass, method, file, line);
      lastFrame = f;
    }
    return f;
  }

  /** The source line that a line of the generated file came from, 0 if none. */
  int sourceLine(int generatedLine) {
    int[] l = lines;
    if (l == null) {
      try {
        l = decode(encoded);
      } catch (RuntimeException malformed) {
        l = new int[0]; // frames keep their generated lines rather than hide the exception
      }
      lines = l;
    }
    return generatedLine > 0 && generatedLine < l.length ? l[generatedLine] : 0;
  }

  private static int[] decode(String[] encoded) {
    String all = String.join("", encoded);
    int max = 0;
    int[][] runs = new int[all.length() / 8 + 1][];
    int count = 0;
    for (String run : all.split(";")) {
      if (run.isEmpty()) {
        continue;
      }
      String[] p = run.split(":");
      int[] r = {Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]),
          Integer.parseInt(p[3])};
      if (count == runs.length) {
        runs = java.util.Arrays.copyOf(runs, count * 2);
      }
      runs[count++] = r;
      max = Math.max(max, r[0] + r[2]);
    }
    int[] lines = new int[max + 1];
    for (int i = 0; i < count; i++) {
      int[] r = runs[i];
      for (int j = 0; j < r[2]; j++) {
        lines[r[0] + j] = r[1] + (r[3] == 1 ? j : 0);
      }
    }
    return lines;
  }
}
