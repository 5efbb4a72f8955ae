package org.await4j.processor.analyze;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.UnionType;

/**
 * Whether a catch clause can read the stack trace of what it catches. Most handlers log the
 * message, count, or return a fallback; the runtime writes an async trace (which costs a read of
 * the whole trace) only for clauses that let the exception go where its trace can be read.
 */
public final class CatchUses {
  private CatchUses() {}

  /** Methods of Throwable and Object that do not read the stack trace. */
  private static final Set<String> TRACE_FREE = Set.of(
      "getMessage", "getLocalizedMessage", "getClass", "toString", "hashCode", "getCause");

  /**
   * Whether every use of the clause's parameter reads at most the exception's message or class:
   * {@code e.getMessage()}, {@code e.getClass()}, {@code e.toString()}, {@code "failed: " + e},
   * {@code e instanceof X}, {@code e == null}; or it is not used. Anything else (an argument, an
   * assignment, a rethrow, {@code e.printStackTrace()}) lets it go.
   */
  public static boolean messageOnly(TreePath clause, Trees trees) {
    CatchTree c = (CatchTree) clause.getLeaf();
    Element param = trees.getElement(new TreePath(clause, c.getParameter()));
    if (param == null || describesItselfByItsTrace(param.asType())) {
      return false;
    }
    boolean[] escapes = {false};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree id, Void v) {
        if (!escapes[0] && param.equals(trees.getElement(getCurrentPath()))
            && !traceFree(getCurrentPath(), trees)) {
          escapes[0] = true;
        }
        return null;
      }
    }.scan(new TreePath(clause, c.getBlock()), null);
    return !escapes[0];
  }

  /**
   * Whether a class of the caught type's (each alternative's) outside the JDK declares its own
   * {@code getMessage}, {@code getLocalizedMessage} or {@code toString}, which may read the
   * trace: then no use of it is known to leave the trace unread.
   */
  private static boolean describesItselfByItsTrace(TypeMirror caught) {
    if (caught instanceof UnionType) {
      for (TypeMirror alternative : ((UnionType) caught).getAlternatives()) {
        if (describesItselfByItsTrace(alternative)) {
          return true;
        }
      }
      return false;
    }
    for (TypeMirror t = caught; t instanceof DeclaredType; ) {
      TypeElement type = (TypeElement) ((DeclaredType) t).asElement();
      String name = type.getQualifiedName().toString();
      if (name.startsWith("java.") || name.startsWith("javax.")) {
        return false; // the JDK's own exceptions describe themselves by message and class
      }
      for (Element member : type.getEnclosedElements()) {
        if (member.getKind() == ElementKind.METHOD && DESCRIPTIONS.contains(
            member.getSimpleName().toString())
            && ((ExecutableElement) member).getParameters().isEmpty()) {
          return true;
        }
      }
      t = type.getSuperclass();
    }
    return false;
  }

  /** The methods by which an exception describes itself. */
  private static final Set<String> DESCRIPTIONS =
      Set.of("getMessage", "getLocalizedMessage", "toString");

  private static boolean traceFree(TreePath use, Trees trees) {
    Tree self = use.getLeaf();
    TreePath parentPath = use.getParentPath();
    Tree parent = parentPath.getLeaf();
    if (parent instanceof MemberSelectTree) {
      Tree call = parentPath.getParentPath().getLeaf();
      return call instanceof MethodInvocationTree
          && ((MethodInvocationTree) call).getMethodSelect() == parent
          && TRACE_FREE.contains(((MemberSelectTree) parent).getIdentifier().toString());
    }
    if (parent instanceof InstanceOfTree) {
      return ((InstanceOfTree) parent).getExpression() == self;
    }
    if (parent instanceof BinaryTree) {
      switch (parent.getKind()) {
        case EQUAL_TO:
        case NOT_EQUAL_TO:
          return true;
        case PLUS: // string concatenation: toString()
          TypeMirror type = trees.getTypeMirror(parentPath);
          return type != null && type.getKind() == TypeKind.DECLARED
              && type.toString().equals("java.lang.String");
        default:
          return false;
      }
    }
    return false;
  }
}
