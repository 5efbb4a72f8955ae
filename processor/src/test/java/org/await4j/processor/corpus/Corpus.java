package org.await4j.processor.corpus;

import java.util.List;

/**
 * The libraries of the corpus and the slice CI runs. {@code -Dcorpus.all=true} runs every
 * source file of every library instead (see CorpusTest).
 */
final class Corpus {
  private Corpus() {}

  static final long SEED = Long.getLong("corpus.seed", 9L);

  /** Chance that the rewriter wraps a given candidate sub-expression. */
  static final double WRAP_CHANCE = 0.3;

  static final List<Library> LIBRARIES = List.of(
      new Library("commons-lang3", "org.apache.commons.lang3",
          org.apache.commons.lang3.StringUtils.class, List.of(
              "org/apache/commons/lang3/BooleanUtils.java",
              "org/apache/commons/lang3/CharUtils.java",
              "org/apache/commons/lang3/CharSetUtils.java",
              "org/apache/commons/lang3/CharSequenceUtils.java",
              "org/apache/commons/lang3/RegExUtils.java")),
      new Library("commons-collections4", "org.apache.commons.collections4",
          org.apache.commons.collections4.CollectionUtils.class, List.of(
              "org/apache/commons/collections4/ListUtils.java",
              "org/apache/commons/collections4/SetUtils.java",
              "org/apache/commons/collections4/ArrayStack.java")),
      new Library("commons-text", "org.apache.commons.text",
          org.apache.commons.text.StringSubstitutor.class, List.of(
              "org/apache/commons/text/WordUtils.java",
              "org/apache/commons/text/CaseUtils.java",
              "org/apache/commons/text/similarity/LevenshteinDistance.java")));

  /**
   * Files whose methods are compiled but not called both ways: they start threads, wait,
   * sleep, or read the machine they run on, so boundary values could hang the run or differ by
   * nature.
   */
  static final java.util.regex.Pattern NOT_RUN = java.util.regex.Pattern.compile(
      "(?i).*(/concurrent/|thread|timer|stopwatch|systemutils|systemproperties|runtime|lock"
          + "|initializer|exec|console|archutils|javaversion|environment|random).*");

  /** Methods whose result differs from call to call: compiled, not compared. */
  static final java.util.Set<String> NOT_DETERMINISTIC = java.util.Set.of(
      "org.apache.commons.collections4.map.PassiveExpiringMap#now()",
      // a random permutation, or an object's identity hash: two runs differ by design
      "org.apache.commons.lang3.ArrayUtils#shuffle(boolean[])",
      "org.apache.commons.lang3.ArrayUtils#shuffle(byte[])",
      "org.apache.commons.lang3.ArrayUtils#shuffle(char[])",
      "org.apache.commons.lang3.ArrayUtils#shuffle(double[])",
      "org.apache.commons.lang3.ArrayUtils#shuffle(float[])",
      "org.apache.commons.lang3.ArrayUtils#shuffle(int[])",
      "org.apache.commons.lang3.ArrayUtils#shuffle(long[])",
      "org.apache.commons.lang3.ArrayUtils#shuffle(java.lang.Object[])",
      "org.apache.commons.lang3.ArrayUtils#shuffle(short[])",
      "org.apache.commons.lang3.ObjectUtils#identityHashCodeHex(java.lang.Object)",
      "org.apache.commons.lang3.ObjectUtils#identityToString(java.lang.Object)");

  /**
   * Library methods that never return for some of the inputs the harness picks (a negative cache
   * size spins forever): not run, as a thread spinning in them cannot be stopped.
   */
  static final java.util.Set<String> MAY_NOT_RETURN = java.util.Set.of(
      "org.apache.commons.collections4.list.NodeCachingLinkedList#setMaximumCacheSize(int)",
      "org.apache.commons.collections4.list.NodeCachingLinkedList#shrinkCacheToMaximumSize()");

  /** The libraries named by {@code -Dcorpus.libraries=a,b}, else all. */
  static List<Library> libraries() {
    String names = System.getProperty("corpus.libraries");
    if (names == null || names.isBlank()) {
      return LIBRARIES;
    }
    List<String> wanted = List.of(names.split(","));
    return LIBRARIES.stream().filter(l -> wanted.contains(l.name())).toList();
  }

  static boolean all() {
    return Boolean.getBoolean("corpus.all");
  }
}
