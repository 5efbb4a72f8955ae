package org.await4j.processor.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real code nobody here wrote (issue 9): library sources through the rewriter, javac with the
 * processor, and a differential run of every compiled method. By default a fixed slice (CI);
 * everything with
 *
 * <pre>mvn -B -pl processor test -Dtest=CorpusTest -Dcorpus.all=true</pre>
 *
 * ({@code -Dcorpus.libraries=commons-text,commons-lang3} picks libraries, {@code
 * -Dcorpus.every=3} every third file by path, {@code -Dcorpus.seed=N} another seed).
 * The report goes to {@code processor/target/corpus-report.md} ({@code
 * corpus-report-all-<libraries>.md}). A file fails when
 * the rewriter wrote invalid Java, when javac reports an error that is the processor's fault
 * and not in {@link KnownBugs}, or when a method's machine and its blocking run disagree.
 */
class CorpusTest {
  private static final Map<String, Tally> TALLIES = new LinkedHashMap<>();

  static Stream<Arguments> files() {
    List<Arguments> files = new ArrayList<>();
    for (Library lib : Corpus.libraries()) {
      TALLIES.put(lib.name(), new Tally(lib.name()));
      List<String> paths = Corpus.all() ? lib.allSources() : lib.slice();
      int every = Integer.getInteger("corpus.every", 1); // a sample: every n-th file by path
      for (int i = 0; i < paths.size(); i += every) {
        files.add(Arguments.of(lib.name(), paths.get(i)));
      }
    }
    return files.stream();
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("files")
  // a guard against a hanging differential call only: most files take seconds, commons-lang's
  // ArrayUtils (373 methods) 81 s alone and over 120 s beside another build
  @Timeout(300)
  void compilesAndAgrees(String library, String path) throws IOException {
    Library lib = Corpus.LIBRARIES.stream().filter(l -> l.name().equals(library)).findFirst()
        .orElseThrow();
    String reason = KnownBugs.FILES.get(path);
    ClassRun run = ClassRun.of(new Rewriter(Corpus.SEED, Corpus.WRAP_CHANCE), path,
        lib.source(path), KnownBugs.methods());
    List<BothWays.Verdict> verdicts = new ArrayList<>();
    if (run.compilation != null && !Corpus.NOT_RUN.matcher(path).matches()) {
      String simple = path.substring(path.lastIndexOf('/') + 1, path.length() - ".java".length());
      Examples examples = Examples.in(lib.source(path), simple);
      try (LibraryLoader loader = new LibraryLoader(run.compilation.generatedFiles(),
          lib.classes(), lib.packagePrefix() + ".")) {
        for (Rewriter.Target t : run.result.targets()) {
          verdicts.add(BothWays.run(loader, t, Corpus.SEED, examples));
        }
      }
    }
    TALLIES.get(library).add(run, verdicts);
    if (Corpus.all()) {
      System.out.println("corpus: " + path + ": " + run.result.targets().size() + " compiled, "
          + run.bugs.size() + " bugs" + (run.failure == null ? "" : ", file failed"));
    }

    assertEquals(List.of(), run.rewriterBugs, "the rewriter wrote invalid Java");
    if (reason == null) {
      assertEquals(null, run.failure, "the file does not compile");
    }
    assertEquals(List.of(), run.bugs, "javac errors that are the processor's fault");
    List<BothWays.Disagreement> disagreements = new ArrayList<>();
    verdicts.stream().filter(v -> v.disagreement() != null)
        .filter(v -> !v.disagreement().plainCallerOnLoop())
        .forEach(v -> disagreements.add(v.disagreement()));
    assertEquals(List.of(), disagreements, "machines that disagree with their blocking run");
    if (reason == null && !Corpus.all()) {
      assertTrue(verdicts.stream().anyMatch(v -> v.cases() > 0),
          "no method of the file ran both ways: " + verdicts);
    }
  }

  @AfterAll
  static void report() throws IOException {
    Path out = Path.of("target", Corpus.all()
        ? "corpus-report-all-" + String.join("-", TALLIES.keySet()) + ".md" : "corpus-report.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, Report.of(TALLIES.values(), Corpus.all(), Corpus.SEED));
  }
}
