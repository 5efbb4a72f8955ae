package org.await4j.processor.random;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes the classes of a campaign as source files, to read them or compile them by hand. */
public final class DumpHelper {
  private DumpHelper() {}

  /**
   * {@code DumpHelper SEED PROGRAMS DIR}: writes the classes; {@code DumpHelper text FILE METHOD
   * P REPEAT}: checks the @Async methods in FILE (as the reports print them) REPEAT times.
   */
  public static void main(String[] args) throws IOException {
    if (args[0].equals("text")) {
      String text = Files.readString(Path.of(args[1]));
      java.util.Map<String, Integer> counts = new java.util.concurrent.ConcurrentHashMap<>();
      int threads = Integer.getInteger("threads", 1);
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(threads);
      java.util.List<java.util.concurrent.Future<?>> fs = new java.util.ArrayList<>();
      for (int i = 0; i < Integer.parseInt(args[4]); i++) {
        fs.add(pool.submit(() -> {
          Runner.Verdict v = Runner.evaluateText(text, args[2], Integer.parseInt(args[3]));
          if (counts.merge(String.valueOf(v.signature()), 1, Integer::sum) == 1 && v.failed()) {
            System.out.println(v.detail());
          }
        }));
      }
      for (java.util.concurrent.Future<?> f : fs) {
        try {
          f.get();
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }
      System.out.println("verdicts: " + counts);
      System.exit(0);
    }
    if (args[0].equals("javaccrash")) {
      javacCrash(Long.parseLong(args[1]), Integer.parseInt(args[2]));
      System.exit(0);
    }
    dump(Long.parseLong(args[0]), Integer.parseInt(args[1]), args[2]);
  }

  private static String plainCrash(Ast.Program p) {
    try {
      Runner.compile(java.util.Map.of("Cand", new Runner.Unit("Cand", List.of(p)).source()), false);
      return null;
    } catch (RuntimeException | Error e) {
      return "crash";
    }
  }

  /** Finds a program that crashes javac itself (no processor) and shrinks it. */
  static void javacCrash(long seed, int programs) {
    int perClass = 15;
    for (int i = 0; i * perClass < programs; i++) {
      for (Ast.Program p : new Generator(RandomPrograms.classSeed(seed, i)).programs(perClass)) {
        if (plainCrash(p) != null) {
          Shrinker s = new Shrinker(cands -> cands.stream().map(DumpHelper::plainCrash)
              .collect(java.util.stream.Collectors.toList()));
          Ast.Program small = s.shrink(p, "crash", System.nanoTime() + 300_000_000_000L);
          System.out.println(RandomPrograms.methods(small));
          return;
        }
      }
    }
  }

  static void dump(long seed, int programs, String dir) throws IOException {
    int perClass = Integer.getInteger("random.perClass", 15);
    Path d = Path.of(dir);
    Files.createDirectories(d);
    for (int i = 0; i * perClass < programs; i++) {
      List<Ast.Program> p = new Generator(RandomPrograms.classSeed(seed, i),
          RandomPrograms.avoidFor(seed))
          .programs(Math.min(perClass, programs - i * perClass));
      Files.writeString(d.resolve("Gen" + i + ".java"), new Runner.Unit("Gen" + i, p).source());
    }
  }
}
