package org.await4j.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * W4's input: a tree of {@code classes} classes in ten packages, class {@code i} calling into its
 * parent {@code (i - 1) / 2}. Each class has four {@code @Async} methods (loops, try/catch/finally,
 * switch, awaits of tasks, calls to the parent's {@code @Async} methods, static and instance) and
 * two plain helpers. The sources are plain Java: they compile with and without the processor.
 */
final class SourceTree {
  private SourceTree() {}

  static final int PACKAGES = 10;

  /**
   * Writes a tree for measuring javac on the command line (benchmarks/run-w4m-cli):
   * {@code SourceTree DIR CLASSES ASYNC_EVERY}.
   */
  public static void main(String[] args) throws IOException {
    write(java.nio.file.Paths.get(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
  }

  /** Writes the tree under {@code dir}; returns the source files. */
  static List<Path> write(Path dir, int classes) throws IOException {
    return write(dir, classes, 1);
  }

  /**
   * Writes the tree with {@code @Async} methods in every {@code asyncEvery}-th class only; the
   * others are the same code as plain methods (a mixed tree: a few async classes among ordinary
   * code, as in an application).
   */
  static List<Path> write(Path dir, int classes, int asyncEvery) throws IOException {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < classes; i++) {
      Path file = dir.resolve(pkg(i).replace('.', '/')).resolve(name(i) + ".java");
      Files.createDirectories(file.getParent());
      String source = i % asyncEvery == 0 ? source(i) : plain(source(i));
      Files.writeString(file, source, StandardCharsets.UTF_8);
      files.add(file);
    }
    return files;
  }

  /** The class as plain code: no {@code @Async}, the value itself where it awaited a done task. */
  static String plain(String asyncSource) {
    return asyncSource.replace("  @Async\n", "").replace("await(Task.completed(", "((");
  }

  /** How many classes of a tree of {@code classes} have @Async methods. */
  static int asyncClasses(int classes, int asyncEvery) {
    return (classes + asyncEvery - 1) / asyncEvery;
  }

  static String pkg(int i) {
    return "gen.p" + (i % PACKAGES);
  }

  static String name(int i) {
    return "C" + i;
  }

  static String source(int i) {
    String parent = i == 0 ? null : pkg((i - 1) / 2) + "." + name((i - 1) / 2);
    String callParentStatic = parent == null ? "0" : parent + ".count(n - 1)";
    String callParentInstance = parent == null ? "k" : "new " + parent + "().total(k)";
    return "package " + pkg(i) + ";\n"
        + "\n"
        + "import static org.await4j.Await.await;\n"
        + "\n"
        + "import java.util.ArrayList;\n"
        + "import java.util.List;\n"
        + "import org.await4j.Async;\n"
        + "import org.await4j.Task;\n"
        + "\n"
        + "public class " + name(i) + " {\n"
        + "  int calls;\n"
        + "  final List<String> log = new ArrayList<>();\n"
        + "\n"
        + "  int weight(int x) {\n"
        + "    return x * " + (31 + i) + " + calls;\n"
        + "  }\n"
        + "\n"
        + "  String describe(List<String> items) {\n"
        + "    StringBuilder sb = new StringBuilder();\n"
        + "    for (String s : items) {\n"
        + "      if (!s.isEmpty()) {\n"
        + "        sb.append(s).append(',');\n"
        + "      }\n"
        + "    }\n"
        + "    return sb.toString();\n"
        + "  }\n"
        + "\n"
        + "  @Async\n"
        + "  public int total(int n) {\n"
        + "    int sum = 0;\n"
        + "    for (int i = 0; i < n; i++) {\n"
        + "      sum += await(Task.completed(weight(i)));\n"
        + "      if (sum > 1000) {\n"
        + "        break;\n"
        + "      }\n"
        + "    }\n"
        + "    calls++;\n"
        + "    return sum + " + callParentStatic + ";\n"
        + "  }\n"
        + "\n"
        + "  @Async\n"
        + "  public static int count(int n) {\n"
        + "    if (n <= 0) {\n"
        + "      return 0;\n"
        + "    }\n"
        + "    int c = await(Task.completed(n));\n"
        + "    return c + (n % 2 == 0 ? 1 : 0);\n"
        + "  }\n"
        + "\n"
        + "  @Async\n"
        + "  public String label(String prefix, List<String> items) throws Exception {\n"
        + "    List<String> out = new ArrayList<>();\n"
        + "    try {\n"
        + "      for (String s : items) {\n"
        + "        out.add(prefix + await(Task.completed(s)));\n"
        + "      }\n"
        + "    } catch (IllegalStateException e) {\n"
        + "      log.add(e.getMessage());\n"
        + "      throw new Exception(\"label failed\", e);\n"
        + "    } finally {\n"
        + "      calls++;\n"
        + "    }\n"
        + "    return describe(out);\n"
        + "  }\n"
        + "\n"
        + "  @Async\n"
        + "  public void record(int k) {\n"
        + "    switch (k % 3) {\n"
        + "      case 0:\n"
        + "        log.add(\"zero\");\n"
        + "        break;\n"
        + "      case 1:\n"
        + "        log.add(String.valueOf(await(Task.completed(k))));\n"
        + "        break;\n"
        + "      default:\n"
        + "        log.add(\"k=\" + k);\n"
        + "    }\n"
        + "    int parentTotal = " + callParentInstance + ";\n"
        + "    log.add(\"parent \" + parentTotal);\n"
        + "  }\n"
        + "}\n";
  }
}
