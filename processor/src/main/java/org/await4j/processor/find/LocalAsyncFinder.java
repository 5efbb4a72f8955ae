package org.await4j.processor.find;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import javax.lang.model.element.Element;
import org.await4j.processor.Diagnostics;
import org.await4j.processor.Problem;

/**
 * javac's round environment never lists methods of local and anonymous classes, so an
 * {@code @Async} there would be silently ignored. This scan of the parse trees (no attribution)
 * finds them, so that they get a clear error instead.
 */
public final class LocalAsyncFinder {
  private LocalAsyncFinder() {}

  public static void report(Element root, Trees trees, Diagnostics diagnostics) {
    TreePath path = trees.getPath(root);
    if (path == null) {
      return;
    }
    CompilationUnitTree unit = path.getCompilationUnit();
    boolean imported = false;
    for (ImportTree i : unit.getImports()) {
      String name = i.getQualifiedIdentifier().toString();
      imported |= name.equals("org.await4j.Async") || name.equals("org.await4j.*");
    }
    boolean asyncImported = imported;
    new TreePathScanner<Void, Integer>() {
      @Override
      public Void visitMethod(MethodTree method, Integer localDepth) {
        if (localDepth > 0) {
          for (AnnotationTree a : method.getModifiers().getAnnotations()) {
            String name = a.getAnnotationType().toString();
            if (name.equals("org.await4j.Async") || (asyncImported && name.equals("Async"))) {
              diagnostics.error(Problem.LOCAL_TYPE, method, unit);
            }
          }
        }
        scan(method.getBody(), localDepth + (method.getBody() == null ? 0 : 1));
        return null;
      }

      @Override
      public Void visitNewClass(NewClassTree node, Integer localDepth) {
        scan(node.getEnclosingExpression(), localDepth);
        scan(node.getArguments(), localDepth);
        scan(node.getClassBody(), localDepth + 1);
        return null;
      }
    }.scan(path, 0);
  }
}
