package org.await4j.processor.emit;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The source line of each line of a generated machine class, for async stack traces: the runtime
 * reads a frame of the machine as the user's method at that line. Worked out from the finished
 * text, so that it holds whatever JavaPoet made of it: each state's code follows a comment
 * {@code // line N: ...}; a statement printed from the source keeps its line breaks, so a later
 * line that reads like the next source line is that line (the {@code throw} inside a copied
 * {@code if}), and the lowering's own lines stay on the comment's line.
 */
public final class TraceLines {
  private TraceLines() {}

  private static final Pattern COMMENT = Pattern.compile("^\\s*// (?:.*?\\b)?line (\\d+): ");
  private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_$]+");
  /** A string constant holds 65535 bytes at most: the map goes in pieces this long. */
  private static final int CHUNK = 8000;

  /**
   * The source line of each generated line (index: line, 1-based), 0 if none; the class's
   * members are indented by {@code memberIndent}. {@code bodyLine}
   * is the line of the body's opening brace, where a body printed whole (one that never
   * suspends) begins: its state has no line comment.
   */
  static int[] map(String generated, String source, int bodyLine, int memberIndent) {
    String[] gen = generated.split("\n", -1);
    String[] src = sourceLines(source);
    int[] map = new int[gen.length + 1];
    int cursor = 0; // the source line the last mapped line came from, 0 outside the states
    boolean fresh = false; // just after a comment: the statement's first line
    boolean own = false; // the comment says what the lowering does there (a close): no source
    for (int g = 1; g <= gen.length; g++) {
      String line = gen[g - 1];
      if (isMemberStart(line, memberIndent)) {
        cursor = 0; // a new member of the class: code outside the body until a comment
        continue;
      }
      Matcher m = line.indexOf("// ") < 0 ? null : COMMENT.matcher(line);
      if (m != null && m.find()) {
        cursor = Integer.parseInt(m.group(1));
        fresh = true;
        own = !quotes(line.substring(m.end()), cursor <= src.length ? src[cursor - 1] : "");
        continue;
      }
      if (cursor == 0) {
        if (line.trim().equals("// continues the previous state")) {
          cursor = bodyLine; // the first state of a member: the body itself
          fresh = true;
        }
        continue;
      }
      if (!fresh && !own && cursor < src.length && similar(line.trim(), src[cursor].trim())) {
        cursor++; // src[cursor] is line cursor + 1
      }
      fresh = false;
      map[g] = cursor;
    }
    return map;
  }

  /** The last source split into lines: the machines of one file come one after another. */
  private static String lastSource;
  private static String[] lastLines;

  private static synchronized String[] sourceLines(String source) {
    // each method's context reads its file's text anew: the same text, another String
    if (source != lastSource && !source.equals(lastSource)) {
      lastLines = source.split("\r?\n|\r", -1);
      lastSource = source;
    }
    return lastLines;
  }

  /** Whether a comment's text is the source line's (as the lowering quotes it, maybe cut). */
  private static boolean quotes(String comment, String sourceLine) {
    String text = comment.trim();
    if (text.endsWith("...")) {
      text = text.substring(0, text.length() - 3);
    }
    return sourceLine.trim().startsWith(text);
  }

  /** A line at the class's member indentation: a field, method, comment or brace of one. */
  private static boolean isMemberStart(String line, int indent) {
    if (line.length() <= indent || line.charAt(indent) == ' ') {
      return false;
    }
    for (int i = 0; i < indent; i++) {
      if (line.charAt(i) != ' ') {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a generated line reads like a source line: the same text, or (names qualified,
   * {@code this} made {@code self}, locals renamed) most of its words, and the same last
   * character.
   */
  static boolean similar(String gen, String src) {
    if (gen.equals(src)) {
      return true;
    }
    if (gen.isEmpty() || src.isEmpty() || gen.charAt(gen.length() - 1) != src.charAt(src.length() - 1)) {
      return false;
    }
    List<String> srcWords = words(src);
    if (srcWords.isEmpty()) {
      return gen.replace(" ", "").equals(src.replace(" ", ""));
    }
    List<String> genWords = words(gen);
    for (int i = 0; i < genWords.size(); i++) {
      genWords.set(i, unrenamed(genWords.get(i)));
    }
    int found = 0;
    for (String w : srcWords) {
      if (genWords.remove(w)) {
        found++;
      }
    }
    return found * 3 >= srcWords.size() * 2;
  }

  /** A local the lowering renamed ({@code e_2}, a second {@code e} of the body) as written. */
  private static String unrenamed(String word) {
    int cut = word.lastIndexOf('_');
    if (cut <= 0 || cut == word.length() - 1) {
      return word;
    }
    for (int i = cut + 1; i < word.length(); i++) {
      if (!Character.isDigit(word.charAt(i))) {
        return word;
      }
    }
    return word.substring(0, cut);
  }

  private static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    Matcher m = WORD.matcher(s);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /**
   * The map as string constants, its lines {@code offset} further down the file: runs {@code
   * g:s:n:k;} of {@code n} generated lines from {@code g} that come from source line {@code s} ({@code k} 0) or from {@code s} on ({@code k} 1).
   */
  static List<String> encode(int[] map, int offset) {
    StringBuilder all = new StringBuilder();
    int g = 1;
    while (g < map.length) {
      if (map[g] == 0) {
        g++;
        continue;
      }
      int n = 1;
      int kind = g + 1 < map.length && map[g + 1] == map[g] + 1 ? 1 : 0;
      while (g + n < map.length && map[g + n] != 0 && map[g + n] == map[g] + (kind == 1 ? n : 0)) {
        n++;
      }
      all.append(g + offset).append(':').append(map[g]).append(':').append(n).append(':').append(kind)
          .append(';');
      g += n;
    }
    List<String> chunks = new ArrayList<>();
    for (int i = 0; i < all.length(); i += CHUNK) {
      chunks.add(all.substring(i, Math.min(all.length(), i + CHUNK)));
    }
    if (chunks.isEmpty()) {
      chunks.add("");
    }
    return chunks;
  }
}
