package org.await4j.processor;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/** The only class that prints: at the exact tree where there is one, else at the element. */
public final class Diagnostics {
  private final Messager messager;
  private final Trees trees;
  private int errors;
  /** Where each error printed so far was printed, and what it said. */
  private final java.util.Set<String> printed = new java.util.HashSet<>();

  Diagnostics(Messager messager, Trees trees) {
    this.messager = messager;
    this.trees = trees;
  }

  public void error(Problem problem, Tree tree, CompilationUnitTree unit, Object... args) {
    errors++;
    String message = problem.format(args);
    // each class of a file that needs a copy of the file meets the copy's problems again
    if (printed.add(unit.getSourceFile().toUri() + "@"
        + trees.getSourcePositions().getStartPosition(unit, tree) + ":" + message)) {
      trees.printMessage(Diagnostic.Kind.ERROR, message, tree, unit);
    }
  }

  public void error(Problem problem, Element element, Object... args) {
    errors++;
    messager.printMessage(Diagnostic.Kind.ERROR, problem.format(args), element);
  }

  /**
   * A warning at {@code tree} in {@code where} (a method): the code compiles, but may fail at run
   * time. {@code @SuppressWarnings("await4j")} on the method or a class around it silences it (a
   * build with -Werror would fail on it).
   */
  public void warning(Problem problem, Element where, Tree tree, CompilationUnitTree unit,
      Object... args) {
    if (!suppressed(where)) {
      trees.printMessage(Diagnostic.Kind.WARNING, problem.format(args), tree, unit);
    }
  }

  /** A warning at {@code element} (see the other). */
  public void warning(Problem problem, Element element, Object... args) {
    if (!suppressed(element)) {
      messager.printMessage(Diagnostic.Kind.WARNING, problem.format(args), element);
    }
  }

  private static boolean suppressed(Element e) {
    for (Element at = e; at != null; at = at.getEnclosingElement()) {
      SuppressWarnings s = at.getAnnotation(SuppressWarnings.class);
      if (s != null && java.util.Arrays.asList(s.value()).contains("await4j")) {
        return true;
      }
    }
    return false;
  }

  public int errorCount() {
    return errors;
  }
}
