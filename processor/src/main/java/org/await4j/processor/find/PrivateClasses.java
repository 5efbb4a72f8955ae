package org.await4j.processor.find;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParameterizedTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import javax.lang.model.element.TypeElement;

/**
 * Private nested classes, whose subclasses and implementations can only be in their own file:
 * the twin of one that nothing in the file extends calls no override.
 */
public final class PrivateClasses {
  private PrivateClasses() {}

  /**
   * Whether a class of the file extends {@code type}, by name (a subclass of a private class can
   * only be in its top-level class): conservative, a same-named class elsewhere counts too.
   */
  public static boolean extendedWithin(TypeElement type, Trees trees) {
    Tree top = trees == null ? null : trees.getTree(Unnameable.topLevel(type));
    if (top == null) {
      return true;
    }
    String name = type.getSimpleName().toString();
    boolean[] found = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitClass(ClassTree c, Void v) {
        if (c.getExtendsClause() != null && name.equals(simpleName(c.getExtendsClause()))) {
          found[0] = true;
        }
        for (Tree i : c.getImplementsClause()) {
          found[0] |= name.equals(simpleName(i)); // an interface's implementations
        }
        return super.visitClass(c, v);
      }

      @Override
      public Void visitNewClass(NewClassTree n, Void v) {
        if (n.getClassBody() != null && name.equals(simpleName(n.getIdentifier()))) {
          found[0] = true;
        }
        return super.visitNewClass(n, v);
      }
    }.scan(top, null);
    return found[0];
  }

  private static String simpleName(Tree t) {
    if (t instanceof ParameterizedTypeTree) {
      return simpleName(((ParameterizedTypeTree) t).getType());
    }
    if (t instanceof MemberSelectTree) {
      return ((MemberSelectTree) t).getIdentifier().toString();
    }
    return t instanceof IdentifierTree ? ((IdentifierTree) t).getName().toString() : null;
  }
}
