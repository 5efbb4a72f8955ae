package org.await4j.processor.find;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParameterizedTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.util.List;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/**
 * {@code @Async} methods of private nested classes: their twins take {@code self} as an
 * {@code Object} and call no override, which holds while nothing in the file extends the class
 * and no signature names a private class.
 */
public final class PrivateClasses {
  private PrivateClasses() {}

  /** Why {@code type}'s twin cannot be written, or null if it can (or the class is not private). */
  public static String whyNoTwin(TypeElement type, List<ExecutableElement> methods, Trees trees) {
    if (Unnameable.nameable(type)) {
      return null;
    }
    if (type.getKind() == ElementKind.INTERFACE || type.getKind() == ElementKind.ANNOTATION_TYPE) {
      return "is an interface";
    }
    for (ExecutableElement m : methods) {
      if (m.getModifiers().contains(Modifier.ABSTRACT)) {
        return "has the abstract @Async method " + m.getSimpleName() + "(...)";
      }
    }
    return null;
  }

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
