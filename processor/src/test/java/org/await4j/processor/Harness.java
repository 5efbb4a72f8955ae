package org.await4j.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.await4j.testing.CompiledClasses;

/** Compiles sources in memory with the processor and loads the classes. */
final class Harness {
  private Harness() {}

  static Compilation compile(String name, String source) {
    return Compiler.javac().withProcessors(new AsyncProcessor())
        .compile(JavaFileObjects.forSourceString(name, source));
  }

  /** Compiles, asserts success, and returns a loader for the compiled and generated classes. */
  static ClassLoader compileAndLoad(String name, String source) {
    Compilation c = compile(name, source);
    assertWithMessage(describe(c)).that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
    return CompiledClasses.loader(c);
  }

  /** Compiles several sources ({@code name, source, name, source, ...}) and loads them. */
  static ClassLoader compileAndLoad(String... namesAndSources) {
    JavaFileObject[] files = new JavaFileObject[namesAndSources.length / 2];
    for (int i = 0; i < files.length; i++) {
      files[i] = JavaFileObjects.forSourceString(namesAndSources[2 * i], namesAndSources[2 * i + 1]);
    }
    Compilation c = Compiler.javac().withProcessors(new AsyncProcessor()).compile(files);
    assertWithMessage(describe(c)).that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
    return CompiledClasses.loader(c);
  }

  static String describe(Compilation c) {
    String diagnostics = c.diagnostics().stream()
        .map(d -> d.getKind() + " line " + d.getLineNumber() + ": " + d.getMessage(null))
        .collect(Collectors.joining("\n"));
    String generated;
    try {
      generated = c.generatedSourceFiles().stream().map(Harness::content)
          .collect(Collectors.joining("\n-----\n"));
    } catch (IllegalStateException failed) {
      generated = "(none: the compilation failed)";
    }
    return diagnostics + "\n===== generated =====\n" + generated;
  }

  static String content(JavaFileObject f) {
    try {
      return f.getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The source of a generated file, by simple class name. */
  static String generated(Compilation c, String simpleName) {
    return c.generatedSourceFiles().stream()
        .filter(f -> f.getName().endsWith("/" + simpleName + ".java"))
        .map(Harness::content).findFirst()
        .orElseThrow(() -> new AssertionError("no generated " + simpleName + "\n" + describe(c)));
  }

  /** The machine class {@code name} nested in the generated file {@code holder}. */
  static String machine(Compilation c, String holder, String name) {
    String file = generated(c, holder);
    int start = file.indexOf("\n  static final class " + name + " ");
    if (start < 0) {
      start = file.indexOf("\n  static final class " + name + "<");
    }
    if (start < 0) {
      throw new AssertionError("no machine " + name + " in\n" + file);
    }
    int end = file.indexOf("\n  }\n", start);
    int doc = file.lastIndexOf("\n  /**", start);
    if (doc >= 0 && file.indexOf("\n  }", doc) > start) {
      start = doc; // its Javadoc too
    }
    return file.substring(start + 1, end + 4);
  }

  /**
   * What the static {@code both()} of class {@code name} returns: the programs of the tests that
   * run a body blocking and as a machine in one method and print both.
   */
  static Object both(ClassLoader loader, String name) {
    try {
      return loader.loadClass(name).getMethod("both").invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  static boolean hasErrors(Compilation c) {
    return c.diagnostics().stream().anyMatch(d -> d.getKind() == Diagnostic.Kind.ERROR);
  }
}
