package org.await4j.processor.random;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.await4j.processor.random.Ast.Method;
import org.await4j.processor.random.Ast.Program;

/**
 * The random-program campaign: generates classes of programs from a seed, compiles and runs
 * them (several classes at once), then shrinks the failures, a few per kind, and reports them
 * with everything needed to reproduce them.
 */
final class RandomPrograms {
  private RandomPrograms() {}

  /** What to run. */
  record Config(long seed, int programs, int perClass, int threads, int shrinkPerKind,
      int shrinkTotal, long shrinkSeconds, Set<String> avoid) {}

  /** One failing program: where it came from, why it failed, and its shrunk form. */
  record Failure(int classIndex, long classSeed, Program original, Runner.Verdict verdict,
      Program shrunk, Runner.Verdict shrunkVerdict, String shrinkStats) {
    String report(Config config) {
      StringBuilder b = new StringBuilder();
      b.append("=== ").append(verdict.signature()).append('\n');
      b.append("seed ").append(config.seed()).append(", class ").append(classIndex)
          .append(" (class seed ").append(classSeed).append("), method ")
          .append(original.method().name()).append(", p = ").append(original.p())
          .append("; original size ").append(original.size()).append('\n');
      if (shrunk != null) {
        b.append("smallest program that still fails (size ").append(shrunk.size()).append(", ")
            .append(shrinkStats).append("), fields and plain helpers as in Source.header:\n");
        b.append(methods(shrunk));
        b.append(shrunkVerdict.failed() ? shrunkVerdict.detail()
            : "(the shrunk program passed when checked again: the failure is flaky)\n"
            + "the original failure: " + verdict.detail()).append('\n');
      } else {
        b.append("(not shrunk").append(shrinkStats == null ? "" : ": " + shrinkStats)
            .append(") program:\n").append(methods(original));
        b.append(verdict.detail()).append('\n');
      }
      return b.toString();
    }
  }

  /** The @Async methods of a program, as source. */
  static String methods(Program p) {
    StringBuilder b = new StringBuilder();
    for (Method h : Source.reachableHelpers(p)) {
      b.append(Source.method("Repro", h));
    }
    b.append(Source.method("Repro", p.method()));
    return b.toString();
  }

  /** The outcome of a campaign. */
  record Report(Config config, int programs, int classes, List<Failure> failures,
      Map<String, Integer> counts, long runMillis, long shrinkMillis) {
    boolean passed() {
      return counts.isEmpty();
    }

    String summary() {
      return String.format("random programs: %d programs in %d classes, seed %d, %d per class, "
              + "%d threads: %.1f s to generate, compile and run%s; %s", programs, classes,
          config.seed(), config.perClass(), config.threads(), runMillis / 1000.0,
          shrinkMillis > 0 ? String.format(", %.1f s to shrink", shrinkMillis / 1000.0) : "",
          counts.isEmpty() ? "all agree" : "FAILURES " + counts);
    }

    String details() {
      StringBuilder b = new StringBuilder(summary()).append('\n');
      for (Failure f : failures) {
        b.append('\n').append(f.report(config));
      }
      if (!counts.isEmpty()) {
        b.append("\nreproduce: mvn -q -o -pl processor test -Dtest=RandomProgramsTest -Drandom.seed=")
            .append(config.seed()).append(" -Drandom.programs=").append(config.programs())
            .append(" -Drandom.perClass=").append(config.perClass())
            .append(String.join(",", config.avoid()).isEmpty() ? ""
                : " -Drandom.avoid=" + String.join(",", new TreeSet<>(config.avoid())))
            .append('\n');
      }
      return b.toString();
    }
  }

  /** The configuration from system properties, as {@link RandomProgramsTest} documents. */
  static Config configFromProperties(long defaultSeed, int defaultPrograms) {
    String seedProperty = System.getProperty("random.seed", Long.toString(defaultSeed));
    long seed = seedProperty.equals("random") ? System.nanoTime() : Long.parseLong(seedProperty);
    Set<String> avoid = new TreeSet<>(Generator.AVOID);
    avoid.remove("");
    if (seed == RandomProgramsTest.CI_SEED && !Boolean.getBoolean("random.openBugs")) {
      // the CI seed leaves out the families of open processor bugs (see OPEN_BUGS)
      avoid.addAll(RandomProgramsTest.OPEN_BUGS);
    }
    return new Config(seed,
        Integer.getInteger("random.programs", defaultPrograms),
        Integer.getInteger("random.perClass", 15),
        Integer.getInteger("random.threads", Math.max(2, Runtime.getRuntime().availableProcessors())),
        Integer.getInteger("random.shrinkPerKind", 2),
        Integer.getInteger("random.shrinkTotal", 12),
        Long.getLong("random.shrinkSeconds", 120), Set.copyOf(avoid));
  }

  /** Runs a campaign outside JUnit (same properties); exit status 1 on failures. */
  public static void main(String[] args) {
    String only = System.getProperty("random.only");
    if (only != null) {
      rerun(configFromProperties(RandomProgramsTest.CI_SEED, RandomProgramsTest.CI_PROGRAMS),
          Integer.parseInt(only.split(":")[0]), only.split(":")[1],
          Integer.getInteger("random.repeat", 10));
      return;
    }
    Report report = run(configFromProperties(RandomProgramsTest.CI_SEED,
        RandomProgramsTest.CI_PROGRAMS), System.out);
    System.out.println("random programs: " + Runner.STATS);
    System.out.println(report.details());
    System.exit(report.passed() ? 0 : 1);
  }

  /**
   * Runs one program of a campaign (class {@code index}, method {@code method}) {@code repeat}
   * times, to see whether it always fails the same way; prints it and the verdicts.
   */
  static void rerun(Config config, int index, String method, int repeat) {
    long seed = classSeed(config.seed(), index);
    List<Program> programs = new Generator(seed, config.avoid()).programs(Math.min(config.perClass(),
        config.programs() - index * config.perClass()));
    Program p = programs.stream().filter(x -> x.method().name().equals(method)).findFirst()
        .orElseThrow();
    System.out.println(methods(p));
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (int i = 0; i < repeat; i++) {
      Runner.Verdict v = Runner.evaluate(List.of(new Runner.Unit("Gen" + index, List.of(p))))
          .get(p);
      counts.merge(String.valueOf(v.signature()), 1, Integer::sum);
      if (v.failed() && counts.get(v.signature()) == 1) {
        System.out.println(v.detail());
      }
    }
    System.out.println("verdicts of " + repeat + " runs: " + counts);
  }

  /** The seed of class {@code index} of a campaign. */
  static long classSeed(long seed, int index) {
    return new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (index + 1))).nextLong();
  }

  private record ClassResult(int index, long seed, Map<Program, Runner.Verdict> verdicts) {}

  static Report run(Config config, PrintStream log) {
    long start = System.nanoTime();
    int classes = (config.programs() + config.perClass() - 1) / config.perClass();
    ExecutorService pool = Executors.newFixedThreadPool(config.threads(), r -> {
      Thread t = new Thread(r, "random-class");
      t.setDaemon(true);
      return t;
    });
    List<Future<ClassResult>> futures = new ArrayList<>();
    for (int i = 0; i < classes; i++) {
      int index = i;
      int count = Math.min(config.perClass(), config.programs() - i * config.perClass());
      futures.add(pool.submit(() -> {
        long seed = classSeed(config.seed(), index);
        List<Program> programs = new Generator(seed, config.avoid()).programs(count);
        Map<Program, Runner.Verdict> v =
            Runner.evaluate(List.of(new Runner.Unit("Gen" + index, programs)));
        return new ClassResult(index, seed, v);
      }));
    }
    List<Failure> failures = new ArrayList<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    int programs = 0;
    int done = 0;
    long lastLog = System.nanoTime();
    for (Future<ClassResult> f : futures) {
      ClassResult r;
      try {
        r = f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      } catch (ExecutionException e) {
        throw new AssertionError("class " + futures.indexOf(f) + " of seed " + config.seed(),
            e.getCause());
      }
      done++;
      for (Map.Entry<Program, Runner.Verdict> e : r.verdicts().entrySet()) {
        programs++;
        Runner.Verdict v = e.getValue();
        if (v.failed()) {
          counts.merge(v.signature(), 1, Integer::sum);
          failures.add(new Failure(r.index(), r.seed(), e.getKey(), v, null, null, null));
        }
      }
      if (System.nanoTime() - lastLog > TimeUnit.SECONDS.toNanos(30)) {
        lastLog = System.nanoTime();
        log.printf("random programs: %d/%d classes, %d failures%n", done, classes,
            failures.size());
      }
    }
    pool.shutdownNow();
    long runMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    // shrink a few failures of each kind, the smallest originals first
    long shrinkStart = System.nanoTime();
    failures.sort((a, b) -> Integer.compare(a.original().size(), b.original().size()));
    Map<String, Integer> shrunkPerKind = new LinkedHashMap<>();
    List<Failure> reported = new ArrayList<>();
    int shrunkTotal = 0;
    for (Failure f : failures) {
      String sig = f.verdict().signature();
      int already = shrunkPerKind.getOrDefault(sig, 0);
      if (already >= config.shrinkPerKind() || shrunkTotal >= config.shrinkTotal()) {
        continue;
      }
      shrunkPerKind.put(sig, already + 1);
      shrunkTotal++;
      if (sig.startsWith("INVALID") || config.shrinkSeconds() <= 0) {
        reported.add(f);
        continue;
      }
      // a failure that does not come back every time (a race) is reported as it is
      int repeated = 0;
      int tries = 4;
      for (int i = 0; i < tries; i++) {
        Runner.Verdict v = Runner.evaluate(List.of(new Runner.Unit("Again",
            List.of(f.original())))).get(f.original());
        if (sig.equals(v.signature())) {
          repeated++;
        }
      }
      if (repeated < tries) {
        reported.add(new Failure(f.classIndex(), f.classSeed(), f.original(), f.verdict(), null,
            null, "flaky: failed again " + repeated + " of " + tries + " times"));
        log.printf("random programs: a %s fails again %d of %d times: not shrunk%n", sig,
            repeated, tries);
        continue;
      }
      Shrinker s = new Shrinker(Shrinker.compiling());
      long t0 = System.nanoTime();
      Program small = s.shrink(f.original(), sig,
          t0 + TimeUnit.SECONDS.toNanos(config.shrinkSeconds()));
      Runner.Verdict again = Runner.evaluate(List.of(new Runner.Unit("Repro",
          List.of(small)))).get(small);
      String stats = String.format("%d candidates in %d javac runs, %.1f s", s.evaluated(),
          s.compiles(), (System.nanoTime() - t0) / 1e9);
      reported.add(new Failure(f.classIndex(), f.classSeed(), f.original(), f.verdict(), small,
          again, stats));
      log.printf("random programs: shrank a %s from size %d to %d (%s)%n", sig,
          f.original().size(), small.size(), stats);
    }
    long shrinkMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - shrinkStart);
    return new Report(config, programs, classes, reported, counts, runMillis, shrinkMillis);
  }
}
