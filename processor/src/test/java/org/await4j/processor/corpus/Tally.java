package org.await4j.processor.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The counts of one library over the files run, for the report. */
final class Tally {
  final String library;
  int files;
  int filesCompiled;
  int tried;
  int marked;
  int compiled;
  int wraps;
  int run;
  int cases;
  int exampleCases;
  int agreeing;
  int relaxed;
  /** Machine classes with the shared body (a fast path), and machines alone, with examples. */
  int shared;
  int machineAlone;
  final List<String> machinesAlone = new ArrayList<>();
  final Map<String, Integer> skips = new TreeMap<>();
  final Map<String, Integer> notRun = new TreeMap<>();
  final List<ClassRun.Bug> bugs = new ArrayList<>();
  final List<String> rewriterBugs = new ArrayList<>();
  final List<String> fileFailures = new ArrayList<>();
  final List<BothWays.Disagreement> disagreements = new ArrayList<>();
  final List<BothWays.Disagreement> plainCallers = new ArrayList<>();

  Tally(String library) {
    this.library = library;
  }

  synchronized void add(ClassRun c, List<BothWays.Verdict> verdicts) {
    files++;
    int targets = c.result.targets().size(); // marked in the last round
    int known = knownBugsIn(c);
    tried += targets + c.result.skips().values().stream().mapToInt(Integer::intValue).sum();
    // methods of this file left out, known bugs from the start, new ones in later rounds
    int excluded = c.result.skips().getOrDefault("excluded (see the corpus report)", 0);
    marked += targets + excluded - known;
    wraps += c.result.wraps();
    relaxed += c.result.relaxed();
    c.skips.forEach((k, v) -> skips.merge(k, v, Integer::sum));
    if (known > 0) {
      skips.merge("known processor bug (KnownBugs, corpus-bugs.md)", known, Integer::sum);
    }
    bugs.addAll(c.bugs);
    rewriterBugs.addAll(c.rewriterBugs);
    if (c.failure != null) {
      fileFailures.add(c.path + ": " + c.failure);
      return;
    }
    filesCompiled++;
    compiled += targets;
    countFastPaths(c);
    for (BothWays.Verdict v : verdicts) {
      if (v.notRun() != null) {
        notRun.merge(v.notRun().replaceAll("for .*", "for some parameter type"), 1,
            Integer::sum);
        continue;
      }
      run++;
      cases += v.cases();
      exampleCases += v.exampleCases();
      if (v.disagreement() == null) {
        agreeing++;
      } else if (v.disagreement().plainCallerOnLoop()) {
        plainCallers.add(v.disagreement());
      } else {
        disagreements.add(v.disagreement());
      }
    }
  }

  /** Whether each machine the processor wrote for the file has the shared body (a fast path). */
  private void countFastPaths(ClassRun c) {
    for (javax.tools.JavaFileObject f : c.compilation.generatedSourceFiles()) {
      String name = f.getName();
      if (!name.contains("Async_")) {
        continue; // a twin
      }
      String text;
      try {
        text = f.getCharContent(true).toString();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      if (text.contains(" body$(")) {
        shared++;
      } else {
        machineAlone++;
        machinesAlone.add(name.substring(name.lastIndexOf('/') + 1));
      }
    }
  }

  private static int knownBugsIn(ClassRun c) {
    String top = c.path.substring(0, c.path.length() - ".java".length()).replace('/', '.');
    int n = 0;
    for (String id : KnownBugs.methods()) {
      if (id.startsWith(top + "#") || id.startsWith(top + "$")) {
        n++;
      }
    }
    return n;
  }
}
