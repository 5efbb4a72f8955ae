package org.await4j.processor.lower;

import static org.await4j.processor.lower.LowerTrees.child;
import static org.await4j.processor.lower.LowerTrees.describe;
import static org.await4j.processor.lower.LowerTrees.negate;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.TreePath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import org.await4j.processor.Problem;
import org.await4j.processor.find.Names;
import org.await4j.processor.find.Unnameable;

/**
 * Expressions that suspend, in JLS evaluation order (Roslyn's AwaitExpressionSpiller): the
 * operands evaluated before a suspension are spilled into fields, and what follows it is
 * evaluated after.
 */
final class ExpressionLowering extends Pass {
  /** The qualifiers of {@code outer.new Inner(...)} in the body, checked for null at once. */
  private final java.util.Set<Tree> qualifiers = new java.util.HashSet<>();

  ExpressionLowering(Lowerer lowerer) {
    super(lowerer);
  }

  // ---- expressions ----

  /** The code of an expression, valid in the current state; suspends first if it must. */
  CodeBlock value(TreePath path) {
    CodeBlock code = suspensions.contains(path.getLeaf()) ? lowered(path) : slicer.slice(path);
    return withArrayType(path, code);
  }

  /**
   * A bare array initializer ({@code {a, b}}) may stand only in a declaration or inside another
   * initializer; computed on its own (saved, assigned) it needs its {@code new T[]}, erased
   * because an array of a generic type cannot be created.
   */
  private CodeBlock withArrayType(TreePath path, CodeBlock code) {
    Tree t = path.getLeaf();
    if (!(t instanceof NewArrayTree) || ((NewArrayTree) t).getType() != null
        || !((NewArrayTree) t).getDimensions().isEmpty()) {
      return code;
    }
    TypeMirror type = ctx.trees.getTypeMirror(path);
    return CodeBlock.of("new $T $L", lowerer.typeOf(TypeNames.isError(type) ? type : ctx.types.erasure(type), t), code);
  }

  private CodeBlock lowered(TreePath path) {
    Tree t = path.getLeaf();
    if (suspensions.callee(t) != null) {
      return awaits().suspend(path, false);
    }
    List<TreePath> children = new ArrayList<>();
    switch (t.getKind()) {
      case PARENTHESIZED:
        children.add(child(path, ((ParenthesizedTree) t).getExpression()));
        break;
      case METHOD_INVOCATION: {
        MethodInvocationTree call = (MethodInvocationTree) t;
        TreePath select = child(path, call.getMethodSelect());
        if (call.getMethodSelect() instanceof MemberSelectTree) {
          TreePath receiver = child(select, ((MemberSelectTree) call.getMethodSelect()).getExpression());
          if (isValue(receiver)) {
            children.add(receiver);
          }
        }
        for (ExpressionTree a : call.getArguments()) {
          children.add(child(path, a));
        }
        break;
      }
      case NEW_CLASS: {
        NewClassTree n = (NewClassTree) t;
        if (n.getEnclosingExpression() != null) {
          children.add(child(path, n.getEnclosingExpression()));
          qualifiers.add(n.getEnclosingExpression());
        }
        for (ExpressionTree a : n.getArguments()) {
          children.add(child(path, a));
        }
        break;
      }
      case NEW_ARRAY: {
        NewArrayTree n = (NewArrayTree) t;
        for (ExpressionTree d : n.getDimensions()) {
          children.add(child(path, d));
        }
        if (n.getInitializers() != null) {
          for (ExpressionTree i : n.getInitializers()) {
            children.add(child(path, i));
          }
        }
        break;
      }
      case ARRAY_ACCESS:
        children.add(child(path, ((ArrayAccessTree) t).getExpression()));
        children.add(child(path, ((ArrayAccessTree) t).getIndex()));
        break;
      case MEMBER_SELECT:
        children.add(child(path, ((MemberSelectTree) t).getExpression()));
        break;
      case TYPE_CAST:
        children.add(child(path, ((TypeCastTree) t).getExpression()));
        break;
      case INSTANCE_OF:
        children.add(child(path, ((InstanceOfTree) t).getExpression()));
        break;
      case CONDITIONAL_EXPRESSION: {
        ConditionalExpressionTree c = (ConditionalExpressionTree) t;
        if (suspensions.contains(c.getTrueExpression())
            || suspensions.contains(c.getFalseExpression())) {
          return conditional(path, c);
        }
        children.add(child(path, c.getCondition()));
        break;
      }
      case CONDITIONAL_AND: case CONDITIONAL_OR: {
        BinaryTree b = (BinaryTree) t;
        if (suspensions.contains(b.getRightOperand())) {
          return shortCircuit(path, b, t.getKind() == Tree.Kind.CONDITIONAL_AND);
        }
        children.add(child(path, b.getLeftOperand()));
        break;
      }
      case ASSIGNMENT: {
        AssignmentTree a = (AssignmentTree) t;
        children.addAll(lvalueParts(child(path, a.getVariable())));
        children.add(child(path, a.getExpression()));
        break;
      }
      case PREFIX_INCREMENT: case PREFIX_DECREMENT: case POSTFIX_INCREMENT:
      case POSTFIX_DECREMENT:
        children.addAll(lvalueParts(child(path, ((UnaryTree) t).getExpression())));
        break;
      case LAMBDA_EXPRESSION:
        return slicer.slice(path);
      case MEMBER_REFERENCE: {
        // f(await(x))::m: the receiver is computed (once) where the reference is made
        TreePath qualifier = child(path, ((MemberReferenceTree) t).getQualifierExpression());
        if (!isValue(qualifier)) {
          return slicer.slice(path);
        }
        children.add(qualifier);
        break;
      }
      case SWITCH_EXPRESSION: {
        SwitchExpressionTree sw = (SwitchExpressionTree) t;
        boolean armsSuspend = false;
        for (CaseTree c : sw.getCases()) {
          armsSuspend |= suspensions.contains(c);
        }
        if (armsSuspend) {
          return switches().switchExpression(path, sw);
        }
        children.add(child(path, sw.getExpression()));
        break;
      }
      default:
        if (t instanceof CompoundAssignmentTree) {
          CompoundAssignmentTree c = (CompoundAssignmentTree) t;
          if (suspensions.contains(c.getExpression())) {
            return compound(path, c);
          }
          children.addAll(lvalueParts(child(path, c.getVariable())));
        } else if (t instanceof BinaryTree) {
          children.add(child(path, ((BinaryTree) t).getLeftOperand()));
          children.add(child(path, ((BinaryTree) t).getRightOperand()));
        } else if (t instanceof UnaryTree) {
          children.add(child(path, ((UnaryTree) t).getExpression()));
        } else {
          throw lowerer.fail(Problem.NOT_SUPPORTED, t, describe(t));
        }
    }
    Map<Tree, CodeBlock> codes = operands(t, children);
    if (codes.isEmpty()) {
      throw lowerer.fail(Problem.NOT_SUPPORTED, t, "a suspension point in this position");
    }
    return slicer.slice(path, codes);
  }

  /**
   * Evaluates {@code children} in order up to the last that suspends, spilling the ones before
   * it into fields; later children are left for the enclosing code to evaluate.
   */
  private Map<Tree, CodeBlock> operands(Tree parent, List<TreePath> children) {
    int last = -1;
    for (int i = 0; i < children.size(); i++) {
      if (suspensions.contains(children.get(i).getLeaf())) {
        last = i;
      }
    }
    Map<Tree, CodeBlock> codes = new HashMap<>();
    for (int i = 0; i <= last; i++) {
      CodeBlock code = value(children.get(i));
      // outer.new Inner(await(...)): a null outer throws before the arguments run (JLS 15.9.4)
      boolean check = i < last && qualifiers.contains(children.get(i).getLeaf())
          && !isThis(children.get(i));
      CodeBlock checked = check
          ? CodeBlock.of("$T.requireNonNull($L)", java.util.Objects.class, code) : code;
      CodeBlock kept = i < last ? spill(children.get(i), checked) : code;
      if (check && kept == checked) { // not copied (a local that nothing changes): checked here
        body.emit(CodeBlock.of("$L;\n", checked));
        kept = code;
      }
      codes.put(children.get(i).getLeaf(), kept);
    }
    return codes;
  }

  private static boolean isThis(TreePath path) {
    return path.getLeaf() instanceof IdentifierTree
        && ((IdentifierTree) path.getLeaf()).getName().contentEquals("this");
  }

  private CodeBlock spill(TreePath path, CodeBlock code) {
    Tree t = path.getLeaf();
    if (t instanceof LiteralTree || !isValue(path)
        || (t instanceof IdentifierTree && ((IdentifierTree) t).getName().contentEquals("this"))
        || stableLocal(path)) {
      return code;
    }
    TypeName type = lowerer.typeOf(Unboxing.savedType(path, ctx.trees, ctx.types), t);
    String name = names.synthetic("operand");
    body.field(type, name);
    body.emit(CodeBlock.of("$L = $L;\n", name, slicer.readBack(path, code)));
    return body.operand(name);
  }

  /**
   * A local that nothing assigns, read where no unboxing can throw: read after the await, it
   * gives what it gave before, so it needs no copy.
   */
  private boolean stableLocal(TreePath path) {
    if (!(path.getLeaf() instanceof IdentifierTree)
        || !lowerer.awaits.liveness.stable(ctx.trees.getElement(path))) {
      return false;
    }
    TypeMirror own = ctx.trees.getTypeMirror(path);
    return own != null && Unboxing.savedType(path, ctx.trees, ctx.types) == own;
  }

  private static boolean isSuper(Tree t) {
    return t instanceof IdentifierTree && ((IdentifierTree) t).getName().contentEquals("super");
  }

  /** Whether {@code qualifier} names an interface ({@code Iface} of {@code Iface.super}). */
  private boolean isInterface(TreePath qualifier) {
    javax.lang.model.element.Element e = ctx.trees.getElement(qualifier);
    return e != null && e.getKind() == javax.lang.model.element.ElementKind.INTERFACE;
  }

  /** {@code super.m(...)} or {@code X.super.m(...)}: not dispatched to an override. */
  static boolean isSuperCall(MethodInvocationTree call) {
    if (!(call.getMethodSelect() instanceof MemberSelectTree)) {
      return false;
    }
    Tree receiver = ((MemberSelectTree) call.getMethodSelect()).getExpression();
    return isSuper(receiver) || receiver instanceof MemberSelectTree
        && ((MemberSelectTree) receiver).getIdentifier().contentEquals("super");
  }

  /** {@code page(u)} becomes {@code CatalogAsync.page(self, u)}: the callee's own twin. */
  CodeBlock asyncCall(TreePath path, MethodInvocationTree call, ExecutableElement callee,
      List<CodeBlock> argsOut) {
    TreePath select = child(path, call.getMethodSelect());
    List<TreePath> children = new ArrayList<>();
    CodeBlock receiver = null;
    boolean instance = !callee.getModifiers().contains(Modifier.STATIC);
    TypeElement owner = (TypeElement) callee.getEnclosingElement();
    String stub = callee.getSimpleName().toString();
    if (call.getMethodSelect() instanceof MemberSelectTree) {
      TreePath r = child(select, ((MemberSelectTree) call.getMethodSelect()).getExpression());
      if (isSuper(r.getLeaf())) {
        // super.m(...): the superclass's own machine, through its non-dispatching twin (a
        // method no class can override, final say, needs none)
        if (ctx.isStatic) {
          throw lowerer.fail(Problem.SUPER_CALL, r.getLeaf());
        }
        receiver = CodeBlock.of("self");
        if (Names.isOverridable(owner, callee, ctx.trees)) {
          stub = Names.superStubName(callee);
        }
      } else if (instance && r.getLeaf() instanceof MemberSelectTree
          && ((MemberSelectTree) r.getLeaf()).getIdentifier().contentEquals("super")) {
        // Outer.super.m(...): the superclass's own machine on the enclosing instance;
        // Iface.super.m(...): the interface's default body on self
        TypeElement outer = SelfReferences.classOfSuper(r, ctx.trees);
        receiver = outer != null ? slicer.instanceOf(outer)
            : isInterface(child(r, ((MemberSelectTree) r.getLeaf()).getExpression()))
                && !ctx.isStatic ? CodeBlock.of("self") : null;
        if (receiver == null) {
          throw lowerer.fail(Problem.SUPER_CALL, r.getLeaf());
        }
        if (Names.isOverridable(owner, callee, ctx.trees)) {
          stub = Names.superStubName(callee);
        }
      } else if (instance) {
        children.add(r);
      }
    } else if (instance) {
      receiver = slicer.instanceWith(callee); // self, or the enclosing instance that has it
      if (receiver == null) {
        throw lowerer.fail(Problem.ENCLOSING_INSTANCE, call, call.getMethodSelect());
      }
    }
    for (ExpressionTree a : call.getArguments()) {
      children.add(child(path, a));
    }
    Map<Tree, CodeBlock> codes = operands(call, children);
    List<CodeBlock> args = new ArrayList<>();
    if (receiver != null) {
      args.add(receiver);
    }
    for (TreePath c : children) {
      CodeBlock code = codes.get(c.getLeaf());
      args.add(slicer.castInPlace(c, code != null ? code : slicer.slice(c)));
    }
    if (instance && !args.isEmpty() && !Unnameable.nameable(ctx.type) && Unnameable.nameable(owner)) {
      // a private class's inherited @Async method: its self is an Object, the twin takes the owner
      args.set(0, CodeBlock.of("(($T) $L)", TypeName.get(ctx.types.erasure(owner.asType())),
          args.get(0)));
    }
    argsOut.addAll(args);
    return CodeBlock.of("$T.$L($L)", Names.twin(owner, ctx.elements), stub,
        CodeBlock.join(args, ", "));
  }

  /**
   * A twin stub's call ({@code CatalogAsync.page(c, u)}) with its arguments lowered in order into
   * {@code argsOut}: what {@code await} of it awaits, and what a fast path passes to the method's
   * own fast path instead.
   */
  CodeBlock stubCall(TreePath path, MethodInvocationTree call, ExecutableElement stub,
      List<CodeBlock> argsOut) {
    List<TreePath> children = new ArrayList<>();
    for (ExpressionTree a : call.getArguments()) {
      children.add(child(path, a));
    }
    Map<Tree, CodeBlock> codes = operands(call, children);
    for (TreePath c : children) {
      CodeBlock code = codes.get(c.getLeaf());
      argsOut.add(slicer.castInPlace(c, code != null ? code : slicer.slice(c)));
    }
    return CodeBlock.of("$T.$L($L)", com.palantir.javapoet.ClassName.get((TypeElement) stub.getEnclosingElement()),
        stub.getSimpleName(), CodeBlock.join(argsOut, ", "));
  }

  private CodeBlock conditional(TreePath path, ConditionalExpressionTree c) {
    String result = names.synthetic("choice");
    body.field(lowerer.typeOf(ctx.trees.getTypeMirror(path), c), result);
    CodeBlock cond = value(child(path, c.getCondition()));
    Label otherwise = body.label();
    Label after = body.label();
    body.jumpIf(negate(cond), otherwise);
    TreePath whenTrue = child(path, c.getTrueExpression());
    body.emit(CodeBlock.of("$L = $L;\n", result, slicer.castInPlace(whenTrue, value(whenTrue))));
    body.jump(after);
    body.bind(otherwise, c.getFalseExpression());
    TreePath whenFalse = child(path, c.getFalseExpression());
    body.emit(CodeBlock.of("$L = $L;\n", result, slicer.castInPlace(whenFalse, value(whenFalse))));
    body.bind(after, null);
    return body.operand(result);
  }

  private CodeBlock shortCircuit(TreePath path, BinaryTree b, boolean isAnd) {
    String result = names.synthetic("test");
    body.field(TypeName.BOOLEAN, result);
    body.emit(CodeBlock.of("$L = $L;\n", result, value(child(path, b.getLeftOperand()))));
    Label after = body.label();
    body.jumpIf(CodeBlock.of(isAnd ? "!$L" : "$L", result), after);
    body.emit(CodeBlock.of("$L = $L;\n", result, value(child(path, b.getRightOperand()))));
    body.bind(after, null);
    return CodeBlock.of("$L", result);
  }

  /** {@code a[i] += await(x)}: array, index and old value are taken before the suspension. */
  private CodeBlock compound(TreePath path, CompoundAssignmentTree c) {
    TreePath variable = child(path, c.getVariable());
    Map<Tree, CodeBlock> parts = new HashMap<>();
    for (TreePath part : lvalueParts(variable)) {
      parts.put(part.getLeaf(), spill(part, value(part)));
    }
    CodeBlock target = slicer.slice(variable, parts);
    TypeMirror variableType = ctx.trees.getTypeMirror(variable);
    // a boxed variable is unboxed as soon as it is read, before the right side runs (a null
    // throws there), so its old value is kept unboxed
    TypeMirror oldType = Unboxing.unboxedOrNull(variableType, ctx.types);
    TypeName type = lowerer.typeOf(oldType == null ? variableType : oldType, c.getVariable());
    String old = names.synthetic("old");
    body.field(type, old);
    body.emit(CodeBlock.of("$L = $L;\n", old, target));
    // the target's parts are read again by the store after the suspension
    for (CodeBlock part : parts.values()) {
      String name = part.toString();
      if (body.usedTemps.remove(name)) {
        body.pendingTemps.add(name);
      }
    }
    CodeBlock oldValue = body.operand(old);
    TreePath operandPath = child(path, c.getExpression());
    CodeBlock operand = value(operandPath);
    CodeBlock combined = CodeBlock.of("$L $L ($L)", oldValue, operator(c.getKind()), operand);
    if (Promotion.needsCast(variableType, ctx.trees.getTypeMirror(operandPath), c.getKind(), ctx.types)) {
      // to a boxed variable: cast to its primitive, which the assignment boxes ((Byte) int is
      // no legal cast)
      return slicer.assign(variable, parts, CodeBlock.of("($T) ($L)", type, combined));
    }
    return slicer.assign(variable, parts, combined);
  }

  static String operator(Tree.Kind kind) {
    switch (kind) {
      case PLUS_ASSIGNMENT: return "+";
      case MINUS_ASSIGNMENT: return "-";
      case MULTIPLY_ASSIGNMENT: return "*";
      case DIVIDE_ASSIGNMENT: return "/";
      case REMAINDER_ASSIGNMENT: return "%";
      case AND_ASSIGNMENT: return "&";
      case OR_ASSIGNMENT: return "|";
      case XOR_ASSIGNMENT: return "^";
      case LEFT_SHIFT_ASSIGNMENT: return "<<";
      case RIGHT_SHIFT_ASSIGNMENT: return ">>";
      case UNSIGNED_RIGHT_SHIFT_ASSIGNMENT: return ">>>";
      default: throw new IllegalArgumentException(kind.toString());
    }
  }

  /** The subexpressions an assignment target evaluates before the right side. */
  private List<TreePath> lvalueParts(TreePath target) {
    Tree t = target.getLeaf();
    switch (t.getKind()) {
      case PARENTHESIZED:
        return lvalueParts(child(target, ((ParenthesizedTree) t).getExpression()));
      case ARRAY_ACCESS:
        return List.of(child(target, ((ArrayAccessTree) t).getExpression()),
            child(target, ((ArrayAccessTree) t).getIndex()));
      case MEMBER_SELECT: {
        TreePath owner = child(target, ((MemberSelectTree) t).getExpression());
        return isValue(owner) ? List.of(owner) : List.of();
      }
      default:
        return List.of();
    }
  }

  /** Whether the tree is a value (not a type or package name, which evaluate nothing). */
  private boolean isValue(TreePath path) {
    Tree t = path.getLeaf();
    if (t instanceof IdentifierTree && ((IdentifierTree) t).getName().contentEquals("super")
        || t instanceof MemberSelectTree && ((MemberSelectTree) t).getIdentifier().contentEquals("super")) {
      return false; // super.m(await(x)): no value to compute first, the call stays on super
    }
    if (t instanceof IdentifierTree || t instanceof MemberSelectTree) {
      Element e = ctx.trees.getElement(path);
      return !(e instanceof TypeElement || e instanceof PackageElement);
    }
    return true;
  }
}
