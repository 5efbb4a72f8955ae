package org.await4j.processor.lower;

import com.palantir.javapoet.CodeBlock;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * One pass over a printed tree, collecting the edits that make it valid inside the machine
 * (see {@link Slicer}). This class keeps what the pass knows where it is (nested classes,
 * lambdas, pattern variables in scope) and prints parts on their own; its subclasses say what
 * each kind of tree becomes.
 */
abstract class EditScanner extends TreePathScanner<Void, Void> {
  final Slicer slicer;
  final MethodContext ctx;
  final Slicer.Host host;
  final TreePath root;

  final Map<Tree, CodeBlock> overrides;

  final List<Slicer.Range> ranges;

  final List<Slicer.Edit> edits = new ArrayList<>();

  final Deque<TypeElement> nestedClasses = new ArrayDeque<>();

  final Set<Tree> keep = new HashSet<>();

  final Set<Element> declaredBindings = new HashSet<>();

  int lambdaDepth;

  final boolean moved;

  /** The printed code whose assignments decide whether a captured local may be copied. */
  TreePath scope;

  EditScanner(Slicer slicer, TreePath root, Map<Tree, CodeBlock> overrides,
      List<Slicer.Range> ranges, boolean moved) {
    this.slicer = slicer;
    this.ctx = slicer.ctx;
    this.host = slicer.host;
    declaredBindings.addAll(slicer.inheritedBindings);
    this.root = root;
    this.scope = root;
    this.overrides = overrides;
    this.ranges = ranges;
    this.moved = moved;
  }

  List<Slicer.Edit> collect() {
    scan(root, null);
    return edits;
  }

  /**
   * Whether a return at {@code path} leaves a try of the printed code that has a finally or
   * resources: then Java must run those before the machine completes.
   */
  boolean insideJavaFinally(TreePath path) {
    for (TreePath p = path.getParentPath(); p != null; p = p.getParentPath()) {
      if (p.getLeaf() instanceof com.sun.source.tree.TryTree) {
        com.sun.source.tree.TryTree t = (com.sun.source.tree.TryTree) p.getLeaf();
        if (t.getFinallyBlock() != null || !t.getResources().isEmpty()) {
          return true;
        }
      }
      if (p.getLeaf() == root.getLeaf()) {
        return false;
      }
    }
    return false;
  }

  /** A part printed within this code (an operand of an accessor): lambdas, classes, scope. */
  CodeBlock within(TreePath part) {
    EditScanner outer = slicer.enclosing;
    slicer.enclosing = this;
    try {
      return nested(part);
    } finally {
      slicer.enclosing = outer;
    }
  }

  void continueFrom(EditScanner outer) {
    lambdaDepth = outer.lambdaDepth;
    nestedClasses.addAll(outer.nestedClasses);
    keep.addAll(outer.keep);
    scope = outer.scope;
  }

  /**
   * A part printed on its own (a return's value, an assert's condition), inside this code:
   * the pattern variables bound so far here are in scope there too.
   */
  CodeBlock nested(TreePath part) {
    Set<Element> outer = slicer.inheritedBindings;
    slicer.inheritedBindings = new HashSet<>(declaredBindings);
    try {
      CodeBlock code = slicer.slice(part, overrides);
      return part.getLeaf() == slicer.wrapped ? code : slicer.castInPlace(part, code);
    } finally {
      slicer.inheritedBindings = outer;
    }
  }

  /**
   * Replaces a statement by statements: in braces where one statement must stand (the body of an
   * {@code if} or a loop), not where statements already do (the whole slice, a block, a case).
   * Such code declares no local, or braces itself, and ends its own line.
   */
  void replaceStatement(Tree node, CodeBlock code) {
    Tree parent = getCurrentPath().getParentPath().getLeaf();
    if (node == root.getLeaf()) {
      replace(node, code);
    } else if (parent instanceof BlockTree || parent instanceof CaseTree) {
      edits.add(new Slicer.Edit(slicer.start(node), slicer.end(node), code, true));
    } else {
      replace(node, CodeBlock.of("{\n$>$L$<}", code));
    }
  }

  void replace(Tree t, CodeBlock code) {
    edits.add(new Slicer.Edit(slicer.start(t), slicer.end(t), code));
  }

  @Override
  public Void scan(Tree tree, Void v) {
    if (!slicer.tolerant) {
      return scanOne(tree, v);
    }
    try {
      return scanOne(tree, v);
    } catch (Lowerer.Abort reported) {
      return null; // reported: the check goes on with the next tree
    }
  }

  Void scanOne(Tree tree, Void v) {
    if (tree != null && tree != root.getLeaf() && overrides.containsKey(tree)) {
      replace(tree, slicer.castInPlace(new TreePath(getCurrentPath(), tree), overrides.get(tree)));
      return null;
    }
    if (tree != null && tree != root.getLeaf()
        && slicer.positions.getEndPosition(ctx.unit, tree) < 0) {
      return null; // synthetic: a default constructor, a record's implicit members
    }
    if (tree != null && !ranges.isEmpty()) {
      long s = slicer.start(tree);
      for (Slicer.Range r : ranges) {
        if (s >= r.start && s < r.end) {
          return null; // replaced as a whole
        }
      }
    }
    if (tree instanceof com.sun.source.tree.ExpressionTree && tree != root.getLeaf()) {
      TreePath path = new TreePath(getCurrentPath(), tree);
      com.palantir.javapoet.TypeName cast = slicer.castFor(path);
      if (cast != null) {
        // the cast wraps the expression's own printed code (see PrivateValues), and made()
        // wraps an exception made here (see AccessEdits)
        boolean made = tree instanceof com.sun.source.tree.NewClassTree
            && madeNotThrown(path, (com.sun.source.tree.NewClassTree) tree);
        replace(tree, wrapped(path, code -> Slicer.cast(cast, tree, made ? made(code) : code)));
        return null;
      }
    }
    return super.scan(tree, v);
  }

  /**
   * {@code AsyncMachine.made(code)}: the exception {@code code} makes or catches gets the user's
   * frames (qualified: a class of the body may have a member of that name).
   */
  static CodeBlock made(CodeBlock code) {
    return CodeBlock.of("$T.made($L)", org.await4j.processor.RuntimeNames.ASYNC_MACHINE, code);
  }

  /** Whether {@code node} at {@code path} makes an exception not thrown at once (AccessEdits). */
  boolean madeNotThrown(TreePath path, com.sun.source.tree.NewClassTree node) {
    return false;
  }

  @Override
  public Void visitClass(ClassTree node, Void v) {
    nestedClasses.push((TypeElement) ctx.trees.getElement(getCurrentPath()));
    try {
      return super.visitClass(node, v);
    } finally {
      nestedClasses.pop();
    }
  }

  @Override
  public Void visitLambdaExpression(LambdaExpressionTree node, Void v) {
    if (implementsPrivate(node)) {
      return null;
    }
    javax.lang.model.type.TypeMirror function = ctx.trees.getTypeMirror(getCurrentPath());
    if (function != null && org.await4j.processor.find.Unnameable.mentioned(function)
        && !org.await4j.processor.find.Unnameable.mentioned(ctx.types.erasure(function))) {
      // its interface is raw in the machine, whose function takes Objects: parameters written
      // with their types ((E input) -> ...) lose them (the body casts where it uses them)
      for (VariableTree p : node.getParameters()) {
        if (p.getType() != null && slicer.positions.getStartPosition(ctx.unit, p.getType()) >= 0) {
          replace(p, CodeBlock.of("$L", p.getName()));
        }
      }
    }
    lambdaDepth++;
    try {
      return super.visitLambdaExpression(node, v);
    } finally {
      lambdaDepth--;
    }
  }

  /**
   * A lambda or method reference implementing a private interface, which the machine cannot
   * name: it implements a package-private interface of the machine with the same function,
   * which an accessor turns into the private one ({@code implement$Handler((Handler$function)
   * v -> v * 2)}, see PrivateAccessors). True if written so (its parts are printed within).
   */
  boolean implementsPrivate(Tree node) {
    javax.lang.model.type.TypeMirror type = ctx.trees.getTypeMirror(getCurrentPath());
    if (node == slicer.wrapped || !(type instanceof javax.lang.model.type.DeclaredType)
        || org.await4j.processor.find.Unnameable.nameable(
            (TypeElement) ((javax.lang.model.type.DeclaredType) type).asElement())) {
      return false;
    }
    javax.lang.model.element.ExecutableElement sam = ctx.machineTypes.functionMethod(type);
    PrivateAccessors.Implementation implementation = sam == null ? null
        : slicer.accessors.implementation((javax.lang.model.type.DeclaredType) type, sam);
    if (implementation == null) {
      CharSequence name = ctx.types.asElement(type).getSimpleName();
      throw host.fail(org.await4j.processor.Problem.PRIVATE_MEMBER, node, name,
          ctx.machineName(), "a lambda or method reference implementing a private"
          + " interface whose function's types cannot be written down", name);
    }
    replace(node, wrapped(getCurrentPath(), code -> CodeBlock.of("$L(($T) $L)",
        implementation.accessor, implementation.shape, code)));
    return true;
  }

  /**
   * The tree at {@code path} printed within this code and wrapped ({@code ((T) x)},
   * {@code implement$I((I$function) lambda)}): its own printing does not wrap it again.
   */
  CodeBlock wrapped(TreePath path, java.util.function.UnaryOperator<CodeBlock> wrap) {
    Tree outer = slicer.wrapped;
    slicer.wrapped = path.getLeaf();
    try {
      return wrap.apply(within(path));
    } finally {
      slicer.wrapped = outer;
    }
  }

  @Override
  public Void visitVariable(VariableTree node, Void v) {
    Element e = ctx.trees.getElement(getCurrentPath());
    if (e != null && e.getKind().name().equals("BINDING_VARIABLE")) {
      declaredBindings.add(e);
    }
    return super.visitVariable(node, v);
  }
}
