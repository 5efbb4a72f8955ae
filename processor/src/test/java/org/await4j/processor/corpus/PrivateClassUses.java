package org.await4j.processor.corpus;

import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import org.await4j.processor.find.PrivateClasses;
import org.await4j.processor.find.Unnameable;

/**
 * With {@code -Dcorpus.privateClasses=keep}: the uses of private nested classes that README
 * lists as not supported yet and that are common enough to cost the compile a round each (a
 * lambda passed as a private interface), for which the rewriter leaves a method without
 * {@code @Async}. Everything else about private classes is left to the processor, and so
 * tested; what it rejects at its own position is counted as a rejection.
 */
final class PrivateClassUses {
  private PrivateClassUses() {}

  static String skipReason(Trees trees, TreePath method, ExecutableElement m) {
    // what the processor itself refuses (its twin could not follow the class), as PrivateType
    String noTwin = PrivateClasses.whyNoTwin((TypeElement) m.getEnclosingElement(), List.of(m),
        trees);
    if (noTwin != null) {
      return "a private class that " + noTwin;
    }
    String[] why = {null};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(com.sun.source.tree.MethodInvocationTree node, Void v) {
        lambdasFor(trees.getElement(getCurrentPath()), node.getArguments());
        return super.visitMethodInvocation(node, v);
      }

      @Override
      public Void visitNewClass(NewClassTree node, Void v) {
        lambdasFor(trees.getElement(getCurrentPath()), node.getArguments());
        return super.visitNewClass(node, v);
      }

      private void lambdasFor(Element callee, List<? extends Tree> arguments) {
        if (!(callee instanceof ExecutableElement)) {
          return;
        }
        List<? extends VariableElement> ps = ((ExecutableElement) callee).getParameters();
        for (int i = 0; i < arguments.size() && i < ps.size(); i++) {
          Tree a = arguments.get(i);
          TypeElement function = erasedElement(trees, new TreePath(getCurrentPath(), a));
          if ((a instanceof com.sun.source.tree.LambdaExpressionTree
              || a instanceof com.sun.source.tree.MemberReferenceTree)
              && function != null && !Unnameable.nameable(function)) {
            why[0] = "passes a lambda as a private interface";
          }
        }
      }
    }.scan(new TreePath(method, ((MethodTree) method.getLeaf()).getBody()), null);
    return why[0];
  }

  /** The class of a lambda's interface: a private one cannot be implemented by the machine. */
  private static TypeElement erasedElement(Trees trees, TreePath lambda) {
    javax.lang.model.type.TypeMirror t = trees.getTypeMirror(lambda);
    return t instanceof javax.lang.model.type.DeclaredType
        ? (TypeElement) ((javax.lang.model.type.DeclaredType) t).asElement() : null;
  }
}
