package org.await4j.processor.corpus;

import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import org.await4j.processor.find.PrivateClasses;
import org.await4j.processor.find.Unnameable;

/**
 * With {@code -Dcorpus.privateClasses=keep}: the uses of private nested classes that README
 * lists as not supported yet, for which the rewriter leaves a method without {@code @Async}.
 * Everything else about private classes is left to the processor, and so tested.
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
    TypeElement type = (TypeElement) m.getEnclosingElement();
    String[] why = {null};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree node, Void v) {
        check(node, trees.getElement(getCurrentPath()), getCurrentPath());
        return null;
      }

      @Override
      public Void visitMemberSelect(MemberSelectTree node, Void v) {
        check(node, trees.getElement(getCurrentPath()), getCurrentPath());
        return super.visitMemberSelect(node, v);
      }

      @Override
      public Void visitSwitch(com.sun.source.tree.SwitchTree node, Void v) {
        selector(node.getExpression());
        return super.visitSwitch(node, v);
      }

      @Override
      public Void visitSwitchExpression(com.sun.source.tree.SwitchExpressionTree node, Void v) {
        selector(node.getExpression());
        return super.visitSwitchExpression(node, v);
      }

      private void selector(Tree selector) {
        TypeMirror t = trees.getTypeMirror(new TreePath(getCurrentPath(), selector));
        if (t != null && mentions(t)) {
          why[0] = "switches over a private enum";
        }
      }

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

      private void lambdasFor(Element callee, java.util.List<? extends Tree> arguments) {
        if (!(callee instanceof ExecutableElement)) {
          return;
        }
        java.util.List<? extends VariableElement> ps = ((ExecutableElement) callee).getParameters();
        for (int i = 0; i < arguments.size() && i < ps.size(); i++) {
          Tree a = arguments.get(i);
          if ((a instanceof com.sun.source.tree.LambdaExpressionTree
              || a instanceof com.sun.source.tree.MemberReferenceTree) && mentions(ps.get(i).asType())) {
            why[0] = "passes a lambda as a private interface";
          }
        }
      }

      private void check(Tree node, Element e, TreePath path) {
        Tree parent = path.getParentPath().getLeaf();
        if (e instanceof TypeElement && isPrivate((TypeElement) e)) {
          boolean created = parent instanceof NewClassTree
              && ((NewClassTree) parent).getIdentifier() == node
              && ((NewClassTree) parent).getClassBody() == null
              && e.getModifiers().contains(Modifier.STATIC);
          boolean qualifier = parent instanceof MemberSelectTree
              && ((MemberSelectTree) parent).getExpression() == node
              && !((MemberSelectTree) parent).getIdentifier().contentEquals("this")
              && !((MemberSelectTree) parent).getIdentifier().contentEquals("class");
          if (!created && !qualifier) {
            why[0] = "names a private class (README: use var)";
          }
        }
        if (node instanceof IdentifierTree && ((IdentifierTree) node).getName().contentEquals("this")
            && isPrivate(type) && !(parent instanceof MemberSelectTree)
            && parent.getKind() != Tree.Kind.EQUAL_TO && parent.getKind() != Tree.Kind.NOT_EQUAL_TO) {
          why[0] = "passes a private class's own this on";
        }
      }
    }.scan(new TreePath(method, ((MethodTree) method.getLeaf()).getBody()), null);
    return why[0];
  }

  private static boolean isPrivate(TypeElement t) {
    return !Unnameable.nameable(t);
  }

  private static boolean mentions(TypeMirror t) {
    return Unnameable.mentioned(t);
  }
}
