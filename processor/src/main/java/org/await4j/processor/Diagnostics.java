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

  Diagnostics(Messager messager, Trees trees) {
    this.messager = messager;
    this.trees = trees;
  }

  public void error(Problem problem, Tree tree, CompilationUnitTree unit, Object... args) {
    errors++;
    trees.printMessage(Diagnostic.Kind.ERROR, problem.format(args), tree, unit);
  }

  public void error(Problem problem, Element element, Object... args) {
    errors++;
    messager.printMessage(Diagnostic.Kind.ERROR, problem.format(args), element);
  }

  public int errorCount() {
    return errors;
  }
}
