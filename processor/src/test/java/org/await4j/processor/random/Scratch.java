package org.await4j.processor.random;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Checks hand-written variants: -Dtest=Scratch -Dscratch=FILE_OR_DIR (method m, p = 0). */
class Scratch {
  @Test
  @Timeout(600)
  @EnabledIfSystemProperty(named = "scratch", matches = ".+")
  void run() throws Exception {
    Path path = Path.of(System.getProperty("scratch"));
    List<Path> files;
    if (Files.isDirectory(path)) {
      try (Stream<Path> s = Files.list(path)) {
        files = s.filter(f -> f.toString().endsWith(".txt")).sorted().collect(Collectors.toList());
      }
    } else {
      files = List.of(path);
    }
    for (Path f : files) {
      String text = Files.readString(f);
      String method = System.getProperty("scratch.method", "m");
      int p = Integer.getInteger("scratch.p", 0);
      Runner.Verdict v = Runner.evaluateText(text, method, p);
      System.out.println("VERDICT " + f.getFileName() + ": " + v.signature()
          + (Boolean.getBoolean("scratch.detail") && v.detail() != null ? "\n" + v.detail() : ""));
    }
  }
}
