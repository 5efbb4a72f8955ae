package org.await4j.processor.corpus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The corpus report, in Markdown: counts per library, then the failures grouped by family. */
final class Report {
  private Report() {}

  static String of(Collection<Tally> tallies, boolean all, long seed) {
    StringBuilder b = new StringBuilder();
    b.append("# await4j corpus report\n\n")
        .append(all ? (Integer.getInteger("corpus.every", 1) == 1 ? "All source files"
            : "Every " + Integer.getInteger("corpus.every") + "th source file by path")
            : "The CI slice").append(", seed ").append(seed)
        .append(", wrap chance ").append(Corpus.WRAP_CHANCE).append(", JDK ")
        .append(System.getProperty("java.version")).append(".\n\n")
        .append("| library | files (compiled) | methods tried | marked @Async | compiled |"
            + " awaits added | run both ways (cases; from the library's Javadoc examples) | agreeing |"
            + " disagreeing | not comparable (plain caller on the loop) | private relaxed |\n")
        .append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (Tally t : tallies) {
      b.append("| ").append(t.library).append(" | ").append(t.files).append(" (")
          .append(t.filesCompiled).append(") | ").append(t.tried).append(" | ").append(t.marked)
          .append(" | ").append(t.compiled).append(" | ").append(t.wraps).append(" | ")
          .append(t.run).append(" (").append(t.cases).append("; ").append(t.exampleCases)
          .append(") | ").append(t.agreeing)
          .append(" | ").append(t.disagreements.size()).append(" | ").append(t.plainCallers.size())
          .append(" | ").append(t.relaxed).append(" |\n");
    }
    for (Tally t : tallies) {
      b.append("\n## ").append(t.library).append("\n\n");
      b.append("Machines with the shared body (a fast path): ").append(t.shared)
          .append("; a machine alone: ").append(t.machineAlone);
      if (!t.machinesAlone.isEmpty()) {
        b.append(" (").append(String.join(", ", t.machinesAlone.stream().sorted().toList()))
            .append(")");
      }
      b.append(".\n\n");
      b.append("Methods not marked, by reason:\n\n");
      t.skips.forEach((k, v) -> b.append("- ").append(v).append(": ").append(k).append('\n'));
      if (!t.notRun.isEmpty()) {
        b.append("\nCompiled but not run both ways:\n\n");
        t.notRun.forEach((k, v) -> b.append("- ").append(v).append(": ").append(k)
            .append('\n'));
      }
      Map<String, List<ClassRun.Bug>> families = new LinkedHashMap<>();
      for (ClassRun.Bug bug : t.bugs) {
        families.computeIfAbsent(bug.family(), k -> new ArrayList<>()).add(bug);
      }
      b.append("\njavac errors that are the processor's fault (new, not in KnownBugs): ")
          .append(t.bugs.size()).append(" in ").append(families.size()).append(" families\n");
      families.forEach((family, bugs) -> {
        b.append("\n### ").append(family).append(" (").append(bugs.size()).append(")\n\n");
        for (ClassRun.Bug bug : bugs) {
          b.append("- `").append(bug.methodId()).append("` at ").append(bug.where())
              .append(": `").append(bug.excerpt().replace('`', '\'')).append("`\n  ")
              .append(bug.message().split("\n")[0]).append('\n');
        }
      });
      if (!t.fileFailures.isEmpty()) {
        b.append("\nFiles that did not compile:\n\n");
        t.fileFailures.forEach(f -> b.append("- ").append(f.replace("\n", "\n  ")).append('\n'));
      }
      if (!t.rewriterBugs.isEmpty()) {
        b.append("\nRewriter bugs (wraps that were not valid Java):\n\n");
        t.rewriterBugs.forEach(f -> b.append("- ").append(f).append('\n'));
      }
      if (!t.plainCallers.isEmpty()) {
        b.append("\nRun both ways but not comparable: ").append(t.plainCallers.size())
            .append(" methods whose machine ran plain library code that called an @Async method"
                + " of the file directly, where (by SPEC) its await on the loop thread throws:");
        t.plainCallers.forEach(d -> {
          String id = d.methodId().substring(0, d.methodId().indexOf('('));
          b.append(" `").append(id.substring(id.lastIndexOf('.') + 1)).append('`');
        });
        b.append('\n');
      }
      b.append("\nDisagreements: ").append(t.disagreements.size()).append('\n');
      for (BothWays.Disagreement d : t.disagreements) {
        b.append("\n- `").append(d.methodId()).append("` with ").append(d.arguments())
            .append("\n  - blocking: ").append(d.blocking()).append("\n  - machine:  ")
            .append(d.machine()).append('\n');
      }
    }
    return b.toString();
  }
}
