package org.await4j.processor.lower;

import org.await4j.processor.find.Signatures;

import static org.await4j.processor.lower.LowerTrees.unparenthesized;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import org.await4j.processor.Problem;
import org.await4j.processor.analyze.Assignments;
import org.await4j.processor.analyze.Jumps;
import org.await4j.processor.analyze.Suspensions;

/**
 * Lowers an @Async body into the states of a machine, in JLS evaluation order. Statements with
 * no suspension point are printed back as they are (by {@link Slicer}); the others are split at
 * each suspension point, by passes that each own one concern: {@link LoopLowering}, {@link
 * TryLowering} (handler regions with a pending-exit record per finally, Roslyn's design), {@link
 * SwitchLowering}, {@link ExpressionLowering} (operands spilled before a suspension), {@link
 * AwaitLowering} (the suspension points and the body's ends), all emitting through one {@link
 * StateBuilder}. This class walks the statements and answers {@link Slicer}'s questions.
 */
public final class Lowerer implements Slicer.Host {
  /** Thrown after a diagnostic was reported: the method is abandoned. */
  public static final class Abort extends RuntimeException {
    public Abort() {
      super(null, null, false, false);
    }
  }

  /** Signals, in the fast lowering only, that the body cannot have a fast path. */
  public static final class NotFast extends RuntimeException {
    public NotFast(String why) {
      super(why, null, false, false);
    }
  }

  public static final String LOOP = "loop$";
  public static final String AWAITED = "awaited$";
  /** The shared body's parameter: its machine when the machine runs it, else null. */
  public static final String MACHINE = "machine$";
  /** The shared body's local that holds what {@code enterBody} gave: the caller's frame. */
  public static final String OUTER = "outer$";
  final MethodContext ctx;
  final Suspensions suspensions;
  final Jumps jumps;
  final Slicer slicer;
  final FieldNames names;
  final StateBuilder body;
  final LoopLowering loops;
  final TryLowering tries;
  final SwitchLowering switches;
  final ExpressionLowering exprs;
  final AwaitLowering awaits;
  final PatternBindings bindings;
  final List<OpenState> states = new ArrayList<>();
  final List<FieldSpec> fields = new ArrayList<>();
  /** Local types moved into the machine, as source text. */
  final List<CodeBlock> movedTypes = new ArrayList<>();
  /**
   * How the machine stops stepping: {@code return} from resume(), or {@code return true} from
   * one part of it when the machine writer splits a long machine. Rendered when written.
   */
  final Object stop = new Object() {
    @Override
    public String toString() {
      return split ? "return true" : "return";
    }
  };
  private boolean split;
  /** Constructor parameters: the hoisted method parameters, in order. */
  final Map<String, TypeName> parameters = new java.util.LinkedHashMap<>();
  private final String resumeLabel;
  /** Whether a state jumps to another through the step loop (else the loop is not written). */
  private boolean jumpsBack;
  /**
   * Whether this lowering writes the shared body: the states over plain locals, run both on the
   * caller's stack until an await must wait and by the machine over its fields. Else it writes
   * the machine's resume() alone, over its fields.
   */
  final boolean fast;
  /** Locals only the shared body has: the values of direct calls to other bodies. */
  final List<FieldSpec> fastLocals = new ArrayList<>();
  private String assertionsField;

  public Lowerer(MethodContext ctx, Suspensions suspensions) {
    this(ctx, suspensions, false);
  }

  public Lowerer(MethodContext ctx, Suspensions suspensions, boolean fast) {
    this.fast = fast;
    this.ctx = ctx;
    this.suspensions = suspensions;
    this.jumps = new Jumps(ctx.trees);
    this.slicer = new Slicer(ctx, this);
    this.names = new FieldNames(ctx.methodPath, "self", "state", MACHINE, LOOP, AWAITED, OUTER,
        "state$", "into$"); // the spill's own
    this.resumeLabel = names.synthetic("resume");
    this.body = new StateBuilder(this);
    this.loops = new LoopLowering(this);
    this.tries = new TryLowering(this);
    this.switches = new SwitchLowering(this);
    this.exprs = new ExpressionLowering(this);
    this.awaits = new AwaitLowering(this);
    this.bindings = new PatternBindings(this);
  }

  /** The label of the step loop, for a jump through it to another state. */
  String resume() {
    jumpsBack = true;
    return resumeLabel;
  }

  // ---- entry ----

  /** Lowers the body; throws {@link Abort} after reporting what it cannot lower. */
  public LoweredBody lower() {
    TreePath block = new TreePath(ctx.methodPath, ctx.methodTree().getBody());
    for (VariableTree p : ctx.methodTree().getParameters()) {
      TreePath path = new TreePath(ctx.methodPath, p);
      Element e = ctx.trees.getElement(path);
      String name = names.hoistName(p.getName().toString());
      body.hoisted.put(e, name);
      TypeName type = typeOf(e.asType(), p);
      body.field(type, name);
      parameters.put(name, type);
    }
    body.startState(new Label(0), ctx.methodTree().getBody(), false, body.currentHandler());
    body.current.comment = null;
    if (!suspensions.contains(block.getLeaf())) {
      verbatim(block);
    } else {
      for (StatementTree s : ((BlockTree) block.getLeaf()).getStatements()) {
        statement(new TreePath(block, s));
      }
    }
    if (body.current != null) {
      body.emit(awaits.returnWith(null, null, false));
      body.current = null;
    }
    for (int i = 0; i < body.finishers.size(); i++) {
      body.finishers.get(i).run();
    }
    awaits.returnThroughFinally();
    if (fast) {
      checkFastNames();
      checkParameterSlots();
    }
    return finish();
  }

  /**
   * The shared body and its spill take the machine's fields as parameters: past the JVM's 255
   * parameter slots (a long or double takes two) javac cannot compile them, so such a body runs
   * in its machine alone, its locals in the fields (round 17: 126 doubles across one await).
   */
  private void checkParameterSlots() {
    int slots = ctx.isStatic ? 5 : 6; // the spill's machine$, loop$, state$, awaited$, outer$, self
    for (FieldSpec f : fields) {
      if (!f.modifiers().contains(javax.lang.model.element.Modifier.STATIC)) {
        slots += f.type().equals(TypeName.LONG) || f.type().equals(TypeName.DOUBLE) ? 2 : 1;
      }
    }
    if (slots > 255) {
      throw new NotFast("more locals than a method's parameters can hold");
    }
  }


  /** The body as the writers see it, once every state and field is known. */
  private LoweredBody finish() {
    List<State> open = new ArrayList<>();
    for (OpenState s : states) {
      open.add(new State(s.id, StateParts.handlerOf(s), s.comment, lineOf(s), s.code.build(), s.declares));
    }
    List<List<State>> parts = StateParts.parts(open);
    split = parts.size() > 1;
    List<State> done = StateParts.setStateWhereRead(states, open, parts);
    for (List<State> part : parts) {
      part.replaceAll(s -> done.get(s.id));
    }
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < (fast ? 1 : parts.size()); i++) {
      failures.add(names.synthetic("failure"));
    }
    return new LoweredBody(fast, done, parts, fields, parameters, movedTypes, fastLocals,
        referenceFields(), jumpsBack ? resumeLabel : null, tries.caughtField,
        body.pendingStateField, failures,
        split ? "return true" : "return",
        fast ? ctx.bodyResult() : Signatures.typeName(ctx.method.getReturnType(), ctx.types));
  }

  /** The source line a state came from, read off its comment; the method's line if none. */
  private long lineOf(OpenState s) {
    if (s.comment != null && s.comment.startsWith("line ")) {
      int colon = s.comment.indexOf(':');
      if (colon > 5) {
        try {
          return Long.parseLong(s.comment.substring(5, colon));
        } catch (NumberFormatException ignored) {
          // fall through
        }
      }
    }
    return ctx.line(ctx.trees.getSourcePositions().getStartPosition(ctx.unit, ctx.methodTree()));
  }

  /** Every reference field that holds a value of the body: cleared when the machine ends. */
  private List<String> referenceFields() {
    List<String> references = new ArrayList<>();
    for (FieldSpec f : fields) {
      if (!f.type().isPrimitive() && !f.modifiers().contains(Modifier.STATIC)) {
        references.add(f.name());
      }
    }
    return references;
  }

  // ---- statements ----

  void statement(TreePath path) {
    if (body.current == null) {
      return;
    }
    StatementTree s = (StatementTree) path.getLeaf();
    long line = ctx.line(slicer.start(s));
    if (body.current.comment == null) {
      body.current.comment = body.comment(s);
      body.current.commentedLine = line;
    } else if (line != body.current.commentedLine && !(s instanceof BlockTree)) {
      // one comment per source line, not per state: code after an await names its own line
      body.emit(CodeBlock.of("// $L\n", body.comment(s).replace("\\u", "\\ u")));
      body.current.commentedLine = line;
    }
    if (body.current.size > StateBuilder.STATE_CHARS) {
      // a long run of plain statements: start a new state, so that the states can go into
      // parts (see finish) that each stay a method the JIT compiles
      body.startState(body.label(), s, true, body.currentHandler());
    }
    bindings.hoist(path, suspensions.contains(s));
    if (s instanceof VariableTree) {
      declare(path);
      return;
    }
    if (s instanceof com.sun.source.tree.ClassTree) { // class, record, enum, interface
      moveLocalType(path);
      return;
    }
    if (!suspensions.contains(s)) {
      verbatim(path);
      return;
    }
    switch (s.getKind()) {
      case BLOCK:
        for (StatementTree child : ((BlockTree) s).getStatements()) {
          statement(new TreePath(path, child));
        }
        return;
      case EXPRESSION_STATEMENT:
        expressionStatement(new TreePath(path, ((ExpressionStatementTree) s).getExpression()));
        return;
      case IF:
        loops.ifStatement(path, (IfTree) s);
        return;
      case WHILE_LOOP:
        loops.whileLoop(path, (WhileLoopTree) s);
        return;
      case DO_WHILE_LOOP:
        loops.doWhileLoop(path, (DoWhileLoopTree) s);
        return;
      case FOR_LOOP:
        loops.forLoop(path, (ForLoopTree) s);
        return;
      case ENHANCED_FOR_LOOP:
        loops.forEachLoop(path, (EnhancedForLoopTree) s);
        return;
      case LABELED_STATEMENT:
        loops.labeled(path, (LabeledStatementTree) s);
        return;
      case TRY:
        tries.tryStatement(path, (TryTree) s);
        return;
      case RETURN: {
        ExpressionTree e = ((ReturnTree) s).getExpression();
        TreePath expression = e == null ? null : new TreePath(path, e);
        body.emit(awaits.returnWith(expression == null ? null
            : slicer.castInPlace(expression, exprs.value(expression)), expression, false));
        body.current = null;
        return;
      }
      case THROW:
        body.emit(CodeBlock.of("throw $L;\n", exprs.value(new TreePath(path, ((ThrowTree) s).getExpression()))));
        body.current = null;
        return;
      case SWITCH:
        switches.switchStatement(path, (SwitchTree) s);
        return;
      case ASSERT: {
        com.sun.source.tree.AssertTree a = (com.sun.source.tree.AssertTree) s;
        Label after = body.label();
        body.jumpIf(CodeBlock.of("!$L", assertionsEnabled()), after);
        body.jumpIf(exprs.value(unparenthesized(new TreePath(path, a.getCondition()))), after);
        body.emit(a.getDetail() == null ? CodeBlock.of("throw new $T();\n", AssertionError.class)
            : CodeBlock.of("throw new $T($L);\n", AssertionError.class,
                exprs.value(new TreePath(path, a.getDetail()))));
        body.current = null;
        body.bind(after, null);
        return;
      }
      case YIELD: {
        YieldTree y = (YieldTree) s;
        Tree target = Jumps.yieldTarget(path);
        TreePath value = new TreePath(path, y.getValue());
        CodeBlock code = switches.yieldTo(target, slicer.castInPlace(value, exprs.value(value)), false);
        if (code == null) {
          throw fail(Problem.INTERNAL, s, "yield target was not lowered");
        }
        body.emit(code);
        body.current = null;
        return;
      }
      default:
        throw fail(Problem.NOT_SUPPORTED, s, "this statement (" + s.getKind() + ")");
    }
  }

  /**
   * A local class, record, enum or interface of a block that suspends cannot stay local: code
   * in several states uses it. It becomes a member of the machine class, keeping its name;
   * the locals it reads are the machine's fields.
   */
  private void moveLocalType(TreePath path) {
    notFast("a local type moved into the machine"); // a static body cannot reach its members
    TypeElement local = (TypeElement) ctx.trees.getElement(path);
    String name = local.getSimpleName().toString();
    javax.lang.model.element.Element superclass = ctx.types.asElement(local.getSuperclass());
    if (superclass != null && superclass.getKind() == javax.lang.model.element.ElementKind.CLASS
        && ((TypeElement) superclass).getNestingKind() == javax.lang.model.element.NestingKind.MEMBER
        && !superclass.getModifiers().contains(javax.lang.model.element.Modifier.STATIC)) {
      // its constructor needs the enclosing instance of an inner superclass (class Plus extends
      // Counter, Counter an inner class), which a member of the machine cannot give it
      throw fail(Problem.LOCAL_CLASS, path.getLeaf());
    }
    for (ClassName moved : ctx.movedTypes.values()) {
      if (moved.simpleName().equals(name)) {
        throw fail(Problem.LOCAL_CLASS_NAME_TAKEN, path.getLeaf(), name);
      }
    }
    ctx.movedTypes.put(local, ctx.machine.nestedClass(name));
    movedTypes.add(slicer.sliceMoved(path));
  }

  /**
   * The name of a static field holding the source class's assertion status: asserts follow the
   * class they were written in ({@code -ea:shop.Catalog}), not the generated one.
   */
  @Override
  public String assertionsEnabled() {
    if (assertionsField == null) {
      assertionsField = names.synthetic("assertionsEnabled");
      TypeElement top = ctx.type;
      while (top.getEnclosingElement() instanceof TypeElement) {
        top = (TypeElement) top.getEnclosingElement();
      }
      fields.add(FieldSpec.builder(TypeName.BOOLEAN, assertionsField, Modifier.PRIVATE,
          Modifier.STATIC, Modifier.FINAL)
          .initializer("$T.class.desiredAssertionStatus()", ClassName.get(top)).build());
    }
    return assertionsField;
  }

  @Override
  public String freshName(String base) {
    return names.synthetic(base);
  }

  private void verbatim(TreePath path) {
    switch (path.getLeaf().getKind()) {
      case RETURN: case BREAK: case CONTINUE: case YIELD:
        body.emit(slicer.slice(path)); // became statements that end their own lines
        break;
      default:
        body.emit(CodeBlock.of("$L\n", slicer.slice(path)));
    }
    if (!jumps.canCompleteNormally(path)) {
      body.current = null;
    }
  }

  void declare(TreePath path) {
    VariableTree v = (VariableTree) path.getLeaf();
    VariableElement e = (VariableElement) ctx.trees.getElement(path);
    if (e.getConstantValue() != null && e.getModifiers().contains(Modifier.FINAL)) {
      String name = names.synthetic(v.getName().toString());
      TypeName type = typeOf(e.asType(), v);
      fields.add(FieldSpec.builder(type, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .initializer("$L", ctx.elements.getConstantExpression(e.getConstantValue())).build());
      body.hoisted.put(e, name);
      return;
    }
    if (e.asType().getKind() == TypeKind.INTERSECTION) {
      throw fail(Problem.VAR_INTERSECTION_TYPE, v, e.asType());
    }
    if (e.asType().getKind() == TypeKind.DECLARED && ((TypeElement) ctx.types.asElement(e.asType()))
        .getNestingKind() == javax.lang.model.element.NestingKind.ANONYMOUS) {
      throw fail(Problem.VAR_ANONYMOUS_TYPE_IN_BODY, v);
    }
    String name = names.hoistName(v.getName().toString());
    body.hoisted.put(e, name);
    TypeName type = typeOf(e.asType(), v);
    if (path.getParentPath().getLeaf() instanceof com.sun.source.tree.TryTree) {
      body.field(type, name); // a resource: its close at the end of the try reads it
    } else {
      hoist(e, type, name);
    }
    if (v.getInitializer() != null) {
      TreePath initializer = new TreePath(path, v.getInitializer());
      CodeBlock init = slicer.castInPlace(initializer, exprs.value(initializer));
      body.emit(CodeBlock.of("$L = $L;\n", name, init));
    }
  }

  /**
   * Where a local of the source lives: in a field of the machine if its value must outlive a
   * suspension point, else (in a shared body) as a plain local of the body's method, which a
   * machine resuming it sets anew before reading.
   */
  void hoist(Element local, TypeName type, String name) {
    if (fast && !awaits.liveness.liveAcross(local, suspensions.points())) {
      fastLocals.add(FieldSpec.builder(type, name).build());
    } else {
      body.field(type, name);
    }
  }

  void expressionStatement(TreePath expr) {
    if (suspensions.callee(expr.getLeaf()) != null) {
      awaits.suspend(expr, true);
    } else {
      body.emit(CodeBlock.of("$L;\n", exprs.value(expr)));
    }
  }

  // ---- Slicer.Host ----

  @Override
  public String fieldOf(Element local) {
    return body.hoisted.get(local);
  }

  @Override
  public CodeBlock jumpTo(Tree target, boolean isContinue, boolean viaJava) {
    Label l = (isContinue ? loops.continues : loops.breaks).get(target);
    return l == null ? null : body.jumpCode(l, viaJava);
  }

  @Override
  public String temporary(TypeName type, String base) {
    String name = names.synthetic(base);
    body.declare(CodeBlock.of("$T $L;\n", type, name));
    return name;
  }

  @Override
  public String snapshot(String field, Element local) {
    String name = names.synthetic(field + "Copy");
    body.declare(CodeBlock.of("final $T $L = $L;\n", body.fieldTypes.get(field), name, field));
    return name;
  }

  @Override
  public TypeName fieldType(String field) {
    return body.fieldTypes.get(field);
  }

  @Override
  public boolean assignedWithin(Element local, TreePath path) {
    return Assignments.within(ctx.trees, local, path);
  }

  @Override
  public boolean suspends(Tree tree) {
    return suspensions.contains(tree);
  }

  @Override
  public RuntimeException fail(Problem problem, Tree tree, Object... args) {
    if (fast) {
      return new NotFast(problem.name()); // the machine's lowering, next, reports it
    }
    ctx.diagnostics.error(problem, tree, ctx.unit, args);
    return new Abort();
  }

  @Override
  public String pendingJumpField() {
    return body.pendingStateField;
  }

  @Override
  public CodeBlock returnWith(CodeBlock value, TreePath expression, boolean viaJava) {
    return awaits.returnWith(value, expression, viaJava);
  }

  @Override
  public CodeBlock yieldTo(Tree switchExpression, CodeBlock value, boolean viaJava) {
    return switches.yieldTo(switchExpression, value, viaJava);
  }

  @Override
  public void notFast(String why) {
    if (fast) {
      throw new NotFast(why);
    }
  }

  TypeName typeOf(TypeMirror type, Tree at) {
    if (TypeNames.isError(type)) {
      throw fail(Problem.UNRESOLVED, at, at);
    }
    try {
      return ctx.typeNames.of(type);
    } catch (TypeNames.Undenotable e) {
      throw fail(Problem.NOT_SUPPORTED, at, "a value of the type " + type);
    }
  }

  /**
   * The shared body has the machine's fields as parameters: a declaration of the body
   * that stays a Java local (in another block, a lambda's parameter) must not share a name with
   * one of them, or javac would see it declared twice.
   */
  private void checkFastNames() {
    Set<String> fieldNames = new HashSet<>();
    for (FieldSpec f : fields) {
      fieldNames.add(f.name());
    }
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree node, Void v) {
        if (fieldNames.contains(node.getName().toString())
            && !body.hoisted.containsKey(ctx.trees.getElement(getCurrentPath()))) {
          throw new NotFast("a local named as a field of the machine");
        }
        return super.visitVariable(node, v);
      }
    }.scan(new TreePath(ctx.methodPath, ctx.methodTree().getBody()), null);
  }
}
