package org.await4j.processor.corpus;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.await4j.processor.AsyncProcessor;

/**
 * One library source file through the rewriter and javac with the processor. When that fails,
 * javac without the processor tells whose fault it is: what the rewriter wrote must be valid
 * Java (else that method loses its wraps, a rewriter bug). A method the processor rejects at its own position ({@code [await4j:Id]}) is skipped under
 * that id; a method with an error anywhere else (a generated file, an internal error) is a
 * processor bug, recorded with the message and the generated line, and left out so the others
 * still compile. Repeats until the file compiles.
 */
final class ClassRun {
  private static final int MAX_ROUNDS = 12;
  /** A javac error that is the processor's fault. */
  record Bug(String methodId, String family, String message, String where, String excerpt) {}

  final String path;
  final Rewriter.Result result;
  final Compilation compilation; // null when the file never compiled
  final Map<String, Integer> skips; // by reason, rewriter's and processor's
  final List<Bug> bugs;
  final List<String> rewriterBugs;
  final Set<String> excluded;
  final String failure; // why the file never compiled, or null

  private ClassRun(String path, Rewriter.Result result, Compilation compilation,
      Map<String, Integer> skips, List<Bug> bugs, List<String> rewriterBugs, Set<String> excluded,
      String failure) {
    this.path = path;
    this.result = result;
    this.compilation = compilation;
    this.skips = skips;
    this.bugs = bugs;
    this.rewriterBugs = rewriterBugs;
    this.excluded = excluded;
    this.failure = failure;
  }

  /**
   * Runs {@code source}, leaving out from the start the methods in {@code knownBugs} (processor
   * bugs already reported: they count as skipped under that name).
   */
  static ClassRun of(Rewriter rewriter, String path, String source, Set<String> knownBugs) {
    Set<String> excluded = new HashSet<>(knownBugs);
    Set<String> unwrapped = new HashSet<>();
    Map<String, Integer> processorSkips = new TreeMap<>();
    List<Bug> bugs = new ArrayList<>();
    List<String> rewriterBugs = new ArrayList<>();
    String className = path.substring(0, path.length() - ".java".length()).replace('/', '.');
    Rewriter.Result r = null;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      r = rewriter.rewrite(path, source, excluded, unwrapped);
      Compilation c;
      try {
        c = compile(className, r.text(), true);
      } catch (RuntimeException | Error crash) {
        return new ClassRun(path, r, null, skipsOf(r, processorSkips), bugs, rewriterBugs,
            excluded, "javac crashed: " + crash);
      }
      List<Diagnostic<? extends JavaFileObject>> errors = errors(c);
      if (errors.isEmpty()) {
        return new ClassRun(path, r, c, skipsOf(r, processorSkips), bugs, rewriterBugs, excluded,
            null);
      }
      // Whose fault? First, is the rewritten text valid Java at all?
      errors = errors(compile(className, r.text(), false));
      if (!errors.isEmpty()) {
        boolean progress = false;
        for (var d : errors) {
          Rewriter.Target t = r.targetAt(d.getPosition());
          if (t != null && unwrapped.add(t.id())) {
            rewriterBugs.add(t.id() + ": " + d.getMessage(null) + " at: "
                + line(r.text(), d.getLineNumber()));
            progress = true;
          }
        }
        if (!progress) {
          return new ClassRun(path, r, null, skipsOf(r, processorSkips), bugs, rewriterBugs,
              excluded, "the rewritten file does not compile even without the processor: "
                  + describe(errors, r.text()));
        }
        continue;
      }
      errors = errors(c);
      String unattributed = null;
      Set<String> newlyExcluded = new HashSet<>();
      for (var d : errors) {
        String message = d.getMessage(null);
        JavaFileObject file = d.getSource();
        boolean inUserFile = file != null && (file.getName().equals(path)
            || file.getName().endsWith("/" + path) || file.toUri().getPath().endsWith("/" + path));
        if (inUserFile) {
          Rewriter.Target t = r.targetAt(d.getPosition());
          String id = Reasons.processorId(message);
          if (t == null) {
            if (id != null && !id.equals("Internal")) {
              // a rejection outside any method marked (a var of an anonymous type, say):
              // nothing in this file can be @Async
              unattributed = "[await4j:" + id + "] outside the methods marked, line "
                  + d.getLineNumber() + ": " + line(r.text(), d.getLineNumber());
            } else {
              // plain code beside @Async methods no longer compiles (issue 9 item 5's family)
              bugs.add(new Bug("plain code at " + path + ":" + d.getLineNumber(),
                  "plain code beside @Async methods: " + Reasons.family(message), message,
                  path + ":" + d.getLineNumber(), line(r.text(), d.getLineNumber())));
              unattributed = "error in plain code beside the @Async methods, line "
                  + d.getLineNumber() + ": " + message;
            }
            continue;
          }
          if (newlyExcluded.add(t.id())) {
            if (id != null && !id.equals("Internal")) {
              processorSkips.merge("processor rejects: [await4j:" + id + "]", 1, Integer::sum);
              System.out.println("corpus: " + t.id() + " rejected, line " + d.getLineNumber()
                  + ": " + message);
            } else {
              bugs.add(new Bug(t.id(), Reasons.family(message), message,
                  path + ":" + d.getLineNumber(), line(r.text(), d.getLineNumber())));
            }
          }
        } else if (file != null) {
          String generated = content(file);
          List<Rewriter.Target> ts = GeneratedFiles.targetsOf(file, generated,
              d.getLineNumber(), r.targets());
          if (ts.isEmpty()) {
            unattributed = "error in " + file.getName() + " line " + d.getLineNumber() + ": "
                + message;
            continue;
          }
          for (Rewriter.Target t : ts) {
            if (newlyExcluded.add(t.id())) {
              bugs.add(new Bug(t.id(), Reasons.family(message), message,
                  GeneratedFiles.simpleName(file) + ":" + d.getLineNumber(),
                  line(generated, d.getLineNumber())));
            }
          }
        } else {
          unattributed = "error without a file: " + message;
        }
      }
      if (newlyExcluded.isEmpty()) {
        return new ClassRun(path, r, null, skipsOf(r, processorSkips), bugs, rewriterBugs,
            excluded, unattributed != null ? unattributed : describe(errors, r.text()));
      }
      excluded.addAll(newlyExcluded);
    }
    return new ClassRun(path, r, null, skipsOf(r, processorSkips), bugs, rewriterBugs, excluded,
        "still failing after " + MAX_ROUNDS + " rounds");
  }

  private static Map<String, Integer> skipsOf(Rewriter.Result r, Map<String, Integer> processor) {
    Map<String, Integer> all = new LinkedHashMap<>(r.skips());
    all.remove("excluded (see the corpus report)");
    processor.forEach((k, v) -> all.merge(k, v, Integer::sum));
    return all;
  }

  static Compilation compile(String className, String text, boolean withProcessor) {
    List<String> options = new ArrayList<>(List.of("-sourcepath", Rewriter.NO_SOURCES.toString(),
        "-Xlint:none", "-nowarn"));
    Compiler javac;
    if (withProcessor) {
      javac = Compiler.javac().withProcessors(new AsyncProcessor());
    } else {
      options.add("-proc:none"); // else javac finds the processor on the test class path
      javac = Compiler.javac();
    }
    return javac.withOptions(options).compile(JavaFileObjects.forSourceString(className, text));
  }

  private static List<Diagnostic<? extends JavaFileObject>> errors(Compilation c) {
    List<Diagnostic<? extends JavaFileObject>> errors = new ArrayList<>();
    for (var d : c.diagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        errors.add(d);
      }
    }
    return errors;
  }

  private static String describe(List<Diagnostic<? extends JavaFileObject>> errors, String text) {
    StringBuilder b = new StringBuilder();
    for (var d : errors) {
      b.append("\n  ").append(d.getSource() == null ? "?" : d.getSource().getName()).append(':')
          .append(d.getLineNumber()).append(": ").append(d.getMessage(null));
    }
    return b.toString();
  }

  static String line(String text, long number) {
    String[] lines = text.split("\n", -1);
    return number >= 1 && number <= lines.length ? lines[(int) number - 1].strip() : "";
  }

  static String content(JavaFileObject f) {
    try {
      return f.getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
