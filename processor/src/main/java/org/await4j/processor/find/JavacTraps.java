package org.await4j.processor.find;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import org.await4j.processor.Diagnostics;
import org.await4j.processor.Problem;

/**
 * javac's traps, met before anything else reads a body (SPEC.md records them): the {@code Trees}
 * of a wrapped processing environment, and the {@code var}s and lambda parameters whose types
 * break later rounds once a class is attributed. Also the attribution itself, done once.
 */
public final class JavacTraps {
  private final Trees trees;
  private final Diagnostics diagnostics;

  public JavacTraps(Trees trees, Diagnostics diagnostics) {
    this.trees = trees;
    this.diagnostics = diagnostics;
  }

  /**
   * {@code Trees} of the environment javac made, which {@code Trees.instance} needs: IntelliJ
   * wraps it in a proxy, Gradle in a delegating class (to track what the Filer writes; the wrapped
   * environment stays in use for everything else). Unwrapped by the one field that holds it.
   */
  public static Trees treesOf(ProcessingEnvironment env) {
    ProcessingEnvironment current = env;
    for (int depth = 0; ; depth++) {
      try {
        return Trees.instance(current);
      } catch (IllegalArgumentException wrapped) {
        Object holder = Proxy.isProxyClass(current.getClass())
            ? Proxy.getInvocationHandler(current) : current;
        ProcessingEnvironment inner = delegateIn(holder);
        if (inner == null || inner == current || depth == 8) {
          throw wrapped;
        }
        current = inner;
      }
    }
  }

  private static ProcessingEnvironment delegateIn(Object holder) {
    for (Class<?> c = holder.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (!ProcessingEnvironment.class.isAssignableFrom(f.getType())
            && f.getType() != Object.class) {
          continue;
        }
        try {
          f.setAccessible(true);
          Object value = f.get(holder);
          if (value instanceof ProcessingEnvironment) {
            return (ProcessingEnvironment) value;
          }
        } catch (ReflectiveOperationException | RuntimeException ignored) {
          // not this field
        }
      }
    }
    return null;
  }

  /**
   * Attributes the top-level class's trees: {@code getElement} on a name does it, while {@code
   * getTypeMirror}, which the lowering also uses, only reads what attribution left behind.
   */
  public void attribute(TreePath top) {
    new TreePathScanner<Boolean, Void>() {
      @Override
      public Boolean visitIdentifier(com.sun.source.tree.IdentifierTree node, Void v) {
        trees.getElement(getCurrentPath());
        return true;
      }

      @Override
      public Boolean scan(Tree tree, Void v) {
        return Boolean.TRUE.equals(super.scan(tree, v)) ? true : null;
      }

      @Override
      public Boolean reduce(Boolean a, Boolean b) {
        return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b) ? true : null;
      }

      @Override
      public Boolean visitMethod(com.sun.source.tree.MethodTree node, Void v) {
        // one name inside a body is enough: javac then attributes the whole class
        return node.getBody() == null ? null : scan(node.getBody(), v);
      }
    }.scan(top, null);
  }

  public enum VarCheck { OK, DEFER, BAD }

  /**
   * javac's traps (SPEC.md): a {@code var} of anonymous type anywhere in the top-level class, or
   * of a type not generated yet, breaks later rounds once the bodies are attributed. Find them
   * with {@code getScope}, which is safe, before attributing anything.
   */
  public VarCheck checkVars(TreePath top, boolean lastRound, List<Runnable> unreadable) {
    VarCheck[] result = {VarCheck.OK};
    new TreePathScanner<Void, Void>() {
      /** Per member of a class (method, field, initializer): whether it declares a class. */
      private final java.util.Map<Tree, Boolean> membersWithClasses = new java.util.IdentityHashMap<>();

      private boolean memberDeclaresClass(TreePath path) {
        // the member of a named class: getScope copies its whole body, local classes included
        TreePath p = path;
        while (p.getParentPath() != null && !isNamedClass(p.getParentPath())) {
          p = p.getParentPath();
        }
        Tree member = p.getLeaf();
        return membersWithClasses.computeIfAbsent(member, m -> declaresClass(
            m instanceof com.sun.source.tree.MethodTree ? ((com.sun.source.tree.MethodTree) m).getBody()
                : m instanceof VariableTree ? ((VariableTree) m).getInitializer() : m));
      }

      private boolean isNamedClass(TreePath path) {
        Tree up = path.getParentPath() == null ? null : path.getParentPath().getLeaf();
        return path.getLeaf() instanceof com.sun.source.tree.ClassTree
            && (up instanceof CompilationUnitTree || up instanceof com.sun.source.tree.ClassTree);
      }

      @Override
      public Void visitConditionalExpression(com.sun.source.tree.ConditionalExpressionTree node,
          Void v) {
        checkPolyArgument(node);
        return super.visitConditionalExpression(node, v);
      }

      /**
       * A conditional passed as an argument inside a generic method: javac caches the type it
       * inferred for such an argument by its position, with the method's type variables of the
       * attribution that made it, and its final pass then rejects the cached type ("bad type in
       * conditional expression"). Such a class is attributed as a copy of its file.
       */
      private void checkPolyArgument(Tree node) {
        TreePath path = getCurrentPath();
        TreePath up = path.getParentPath();
        while (up.getLeaf() instanceof com.sun.source.tree.ParenthesizedTree) {
          up = up.getParentPath();
        }
        if (!(up.getLeaf() instanceof com.sun.source.tree.MethodInvocationTree
            || up.getLeaf() instanceof com.sun.source.tree.NewClassTree)) {
          return;
        }
        // the type variables of the method or of a class around it (javac enters the classes
        // again each round, with new type variables: found in commons-collections4's TreeList)
        for (TreePath p = up; p != null; p = p.getParentPath()) {
          boolean generic = p.getLeaf() instanceof com.sun.source.tree.MethodTree
              && !((com.sun.source.tree.MethodTree) p.getLeaf()).getTypeParameters().isEmpty()
              || p.getLeaf() instanceof com.sun.source.tree.ClassTree
              && !((com.sun.source.tree.ClassTree) p.getLeaf()).getTypeParameters().isEmpty();
          if (generic) {
            CompilationUnitTree unit = path.getCompilationUnit();
            unreadable.add(() -> diagnostics.error(Problem.POLY_ARGUMENT_IN_GENERIC_METHOD, node,
                unit));
            return;
          }
        }
      }

      @Override
      public Void visitVariable(VariableTree node, Void v) {
        Tree parent = getCurrentPath().getParentPath().getLeaf();
        if (node.getType() == null && memberDeclaresClass(getCurrentPath())) {
          // its type cannot be asked for safely: attribute a copy of the file instead
          CompilationUnitTree unit = getCurrentPath().getCompilationUnit();
          unreadable.add(() -> diagnostics.error(Problem.IMPLICIT_TYPE_AFTER_CLASS, node, unit,
              node.getName()));
        } else if (node.getType() == null && parent instanceof LambdaExpressionTree) {
          TypeMirror type = typeOfLambdaParameter(getCurrentPath().getParentPath(), node);
          if (type != null && (mentionsCapture(type) || mentionsAnonymous(type))) {
            CompilationUnitTree unit = getCurrentPath().getCompilationUnit();
            unreadable.add(() -> diagnostics.error(Problem.LAMBDA_PARAMETER_TYPE, node, unit,
                node.getName(), type));
          }
        } else if (node.getType() == null) {
          TypeMirror type = typeOfVar(getCurrentPath(), node);
          if (type != null && type.getKind() == TypeKind.ERROR) {
            if (lastRound) {
              diagnostics.error(Problem.VAR_UNRESOLVED_TYPE, node,
                  getCurrentPath().getCompilationUnit(), node.getName() + " = " + node.getInitializer());
              result[0] = VarCheck.BAD;
            } else if (result[0] == VarCheck.OK) {
              result[0] = VarCheck.DEFER;
            }
          } else if (type != null && mentionsAnonymous(type)) {
            CompilationUnitTree unit = getCurrentPath().getCompilationUnit();
            unreadable.add(() -> diagnostics.error(Problem.VAR_ANONYMOUS_TYPE, node, unit));
          }
        }
        return super.visitVariable(node, v);
      }
    }.scan(top, null);
    recordConstructors(top.getCompilationUnit(), unreadable);
    return result[0];
  }

  /**
   * A record's explicit canonical constructor (compact or not), anywhere in the file: javac adds
   * a {@code super()} call to it when it attributes the file, and its next pass rejects the
   * constructor for that call ("canonical constructor must not contain explicit constructor
   * invocation"). Such a file is attributed as a copy. (Any other constructor of a record must
   * begin with {@code this(...)}.)
   */
  private void recordConstructors(CompilationUnitTree unit, List<Runnable> unreadable) {
    com.sun.source.util.SourcePositions positions = trees.getSourcePositions();
    new com.sun.source.util.TreeScanner<Void, Void>() {
      @Override
      public Void visitClass(com.sun.source.tree.ClassTree node, Void v) {
        if (node.getKind().name().equals("RECORD")) {
          for (Tree member : node.getMembers()) {
            if (member instanceof com.sun.source.tree.MethodTree
                && ((com.sun.source.tree.MethodTree) member).getName().contentEquals("<init>")
                && positions.getEndPosition(unit, member) >= 0
                && !callsThis((com.sun.source.tree.MethodTree) member)) {
              unreadable.add(() -> diagnostics.error(Problem.RECORD_CONSTRUCTOR, member, unit));
            }
          }
        }
        return super.visitClass(node, v);
      }
    }.scan(unit, null);
  }

  private static boolean callsThis(com.sun.source.tree.MethodTree constructor) {
    List<? extends com.sun.source.tree.StatementTree> body = constructor.getBody() == null
        ? List.of() : constructor.getBody().getStatements();
    if (body.isEmpty() || !(body.get(0) instanceof com.sun.source.tree.ExpressionStatementTree)) {
      return false;
    }
    Tree call = ((com.sun.source.tree.ExpressionStatementTree) body.get(0)).getExpression();
    return call instanceof com.sun.source.tree.MethodInvocationTree
        && ((com.sun.source.tree.MethodInvocationTree) call).getMethodSelect()
            instanceof com.sun.source.tree.IdentifierTree
        && ((com.sun.source.tree.IdentifierTree) ((com.sun.source.tree.MethodInvocationTree) call)
            .getMethodSelect()).getName().contentEquals("this");
  }

  private TypeMirror typeOfVar(TreePath path, VariableTree node) {
    com.sun.source.tree.Scope scope;
    try {
      scope = trees.getScope(path);
    } catch (RuntimeException javacFailed) {
      // javac's speculative attribution of a copy of the body can fail on forms it did not
      // expect in a later round (a ?: with a call in it): the real attribution still works,
      // so this var simply goes unchecked
      return null;
    }
    for (Element local : scope.getLocalElements()) {
      if (local.getSimpleName().equals(node.getName())) {
        return local.asType();
      }
    }
    return null;
  }

  /**
   * Whether a class is declared in {@code tree} (an anonymous class in a var's initializer, say):
   * asking getScope for a type there attributes a copy of that class, which leaves the real one
   * unattributed.
   */
  private static boolean declaresClass(Tree tree) {
    if (tree == null) {
      return false;
    }
    Boolean found = new com.sun.source.util.TreeScanner<Boolean, Void>() {
      @Override
      public Boolean visitClass(com.sun.source.tree.ClassTree node, Void v) {
        return true;
      }

      @Override
      public Boolean reduce(Boolean a, Boolean b) {
        return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
      }
    }.scan(tree, null);
    return Boolean.TRUE.equals(found);
  }

  /** The type javac infers for an implicitly typed lambda parameter, from a copy of the body. */
  private TypeMirror typeOfLambdaParameter(TreePath lambda, VariableTree param) {
    Tree body = ((LambdaExpressionTree) lambda.getLeaf()).getBody();
    try {
      for (Element local : trees.getScope(new TreePath(lambda, body)).getLocalElements()) {
        if (local.getSimpleName().equals(param.getName())) {
          return local.asType();
        }
      }
    } catch (RuntimeException javacFailed) {
      // as in typeOfVar: left unchecked
    }
    return null;
  }

  /** Whether a type has a captured wildcard in it, which javac cannot name again. */
  private static boolean mentionsCapture(TypeMirror type) {
    return Signatures.anyIn(type, t -> t.getKind() == TypeKind.TYPEVAR
        && Signatures.isCaptured((javax.lang.model.type.TypeVariable) t));
  }

  private static boolean mentionsAnonymous(TypeMirror type) {
    if (type.getKind() == TypeKind.DECLARED) { // not an intersection, which javac reads back
      DeclaredType d = (DeclaredType) type;
      if (((TypeElement) d.asElement()).getNestingKind() == NestingKind.ANONYMOUS) {
        return true;
      }
      for (TypeMirror arg : d.getTypeArguments()) {
        if (mentionsAnonymous(arg)) {
          return true;
        }
      }
    }
    return false;
  }
}
