package org.await4j.processor.lower;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.WildcardTypeName;
import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.UnionType;
import org.await4j.processor.Problem;
import org.await4j.processor.RuntimeNames;
import org.await4j.processor.analyze.Jumps;
import org.await4j.processor.analyze.Liveness;
import org.await4j.processor.analyze.Suspensions;
import org.await4j.processor.emit.MachineWriter;
import org.await4j.processor.emit.SharedBodyWriter;
import org.await4j.processor.find.Names;
import org.await4j.processor.find.Signatures;

/**
 * Lowers an @Async body into the states of a machine, in JLS evaluation order. Statements with
 * no suspension point are printed back as they are (by {@link Slicer}); the others are split at
 * each suspension point. Operands evaluated before a suspension are spilled into fields; locals
 * of lowered blocks live in fields; try/catch/finally become handler regions with a pending-exit
 * record per finally (Roslyn's design).
 */
public final class Lowerer implements Slicer.Host {
  /** Thrown after a diagnostic was reported: the method is abandoned. */
  public static final class Abort extends RuntimeException {
    public Abort() {
      super(null, null, false, false);
    }
  }

  /** A jump target, bound to a state number once that state exists. */
  public static final class Label {
    final int depth;
    public int id = -1;
    int refs;

    Label(int depth) {
      this.depth = depth;
    }

    @Override
    public String toString() {
      return Integer.toString(id);
    }
  }

  /** One case of the generated switch. */
  public static final class State {
    public final int id;
    public final Label handler;
    public String comment;
    /** The source line the last line comment in this state names (its own comment's first). */
    long commentedLine = -1;
    public final CodeBlock.Builder code = CodeBlock.builder();
    int size;

    public State(int id, Label handler, String comment) {
      this.id = id;
      this.handler = handler;
      this.comment = comment;
    }
  }

  /** A finally block being lowered: where it goes when it ends, and what it rethrows. */
  private static final class Frame {
    final Label entry;
    final Label catchAll;
    final String next;
    final String thrown;

    Frame(Label entry, Label catchAll, String next, String thrown) {
      this.entry = entry;
      this.catchAll = catchAll;
      this.next = next;
      this.thrown = thrown;
    }
  }

  /** Past this much code in one state, the next statement starts a new state. */
  private static final int STATE_CHARS = 6_000;

  private final MethodContext ctx;
  private final Suspensions suspensions;
  private final Jumps jumps;
  private final Slicer slicer;

  public final List<State> states = new ArrayList<>();
  public final List<FieldSpec> fields = new ArrayList<>();
  /** Local types moved into the machine, as source text. */
  public final List<CodeBlock> movedTypes = new ArrayList<>();
  /**
   * How the machine stops stepping: {@code return} from resume(), or {@code return true} from
   * one part of it when {@link MachineWriter} splits a long machine. Rendered when written.
   */
  public final Object stop = new Object() {
    @Override
    public String toString() {
      return split ? "return true" : "return";
    }
  };
  public boolean split;
  /** Constructor parameters: the hoisted method parameters, in order. */
  public final Map<String, TypeName> parameters = new java.util.LinkedHashMap<>();
  public final String resumeLabel;
  private String caughtField;

  private State current;
  private final List<Label> handlers = new ArrayList<>();
  private final List<Frame> finallies = new ArrayList<>();
  private final Map<Tree, Label> breaks = new HashMap<>();
  private final Map<Tree, Label> continues = new HashMap<>();
  private final Map<Tree, YieldTarget> yields = new HashMap<>();
  private final Map<Element, String> hoisted = new HashMap<>();
  private final Map<String, TypeName> fieldTypes = new HashMap<>();
  private final Set<String> userNames;
  private final Set<String> used = new HashSet<>();
  private final List<Runnable> finishers = new ArrayList<>();
  private final Liveness liveness;
  private final Set<Element> cleared = new HashSet<>();
  /** Spilled reference operands not read yet, and read ones not cleared yet. */
  private final Set<String> pendingTemps = new java.util.LinkedHashSet<>();
  private final Set<String> usedTemps = new java.util.LinkedHashSet<>();
  private LabeledStatementTree pendingLabel;
  private String assertionsField;
  private String pendingStateField;
  private Label returnLabel;
  private String resultField;

  /**
   * Whether this lowering writes the shared body: the states over plain locals, run both on the
   * caller's stack until an await must wait and by the machine over its fields (see {@link
   * SharedBodyWriter}). Else it writes the machine's resume() alone, over its fields.
   */
  public final boolean fast;
  /** Locals only the shared body has: the values of direct calls to other bodies. */
  public final List<FieldSpec> fastLocals = new ArrayList<>();
  public static final String LOOP = "loop$";
  public static final String AWAITED = "awaited$";
  /** The shared body's parameter: its machine when the machine runs it, else null. */
  public static final String MACHINE = "machine$";

  /** Signals, in the fast lowering only, that the body cannot have a fast path. */
  public static final class NotFast extends RuntimeException {
    public NotFast(String why) {
      super(why, null, false, false);
    }
  }

  public Lowerer(MethodContext ctx, Suspensions suspensions) {
    this(ctx, suspensions, false);
  }

  public Lowerer(MethodContext ctx, Suspensions suspensions, boolean fast) {
    this.fast = fast;
    this.ctx = ctx;
    this.suspensions = suspensions;
    this.jumps = new Jumps(ctx.trees);
    this.slicer = new Slicer(ctx, this);
    this.userNames = namesDeclaredIn(ctx.methodPath);
    this.liveness = new Liveness(ctx.trees, ctx.methodPath);
    used.add("self");
    used.add("state");
    this.resumeLabel = synthetic("resume");
  }

  // ---- entry ----

  public void lower() {
    TreePath body = new TreePath(ctx.methodPath, ctx.methodTree().getBody());
    for (VariableTree p : ctx.methodTree().getParameters()) {
      TreePath path = new TreePath(ctx.methodPath, p);
      Element e = ctx.trees.getElement(path);
      String name = hoistName(p.getName().toString());
      hoisted.put(e, name);
      TypeName type = typeOf(e.asType(), p);
      field(type, name);
      parameters.put(name, type);
    }
    startState(new Label(0), ctx.methodTree().getBody(), false, currentHandler());
    current.comment = null;
    if (!suspensions.contains(body.getLeaf())) {
      verbatim(body);
    } else {
      for (StatementTree s : ((BlockTree) body.getLeaf()).getStatements()) {
        statement(new TreePath(body, s));
      }
    }
    if (current != null) {
      emit(returnWith(null, null, false));
      current = null;
    }
    for (int i = 0; i < finishers.size(); i++) {
      finishers.get(i).run();
    }
    if (returnLabel != null) {
      startState(returnLabel, null, false, null);
      current.comment = "return through finally";
      emit(complete(resultField == null ? null : CodeBlock.of("$L", resultField)));
      current = null;
    }
    if (fast) {
      checkFastNames();
    }
  }

  /** Every reference field that holds a value of the body: cleared when the machine ends. */
  public List<String> referenceFields() {
    List<String> names = new ArrayList<>();
    for (FieldSpec f : fields) {
      if (!f.type().isPrimitive() && !f.modifiers().contains(Modifier.STATIC)) {
        names.add(f.name());
      }
    }
    return names;
  }

  public String caughtField() {
    return caughtField;
  }

  public javax.lang.model.type.TypeMirror returnType() {
    return ctx.method.getReturnType();
  }



  // ---- statements ----

  private void statement(TreePath path) {
    if (current == null) {
      return;
    }
    StatementTree s = (StatementTree) path.getLeaf();
    long line = ctx.line(slicer.start(s));
    if (current.comment == null) {
      current.comment = comment(s);
      current.commentedLine = line;
    } else if (line != current.commentedLine && !(s instanceof BlockTree)) {
      // one comment per source line, not per state: code after an await names its own line
      emit(CodeBlock.of("// $L\n", comment(s).replace("\\u", "\\ u")));
      current.commentedLine = line;
    }
    if (current.size > STATE_CHARS) {
      // a long run of plain statements: start a new state, so that MachineWriter can split
      // resume() into methods that each stay under the JVM's 64 KiB
      startState(label(), s, true, currentHandler());
    }
    hoistBindings(path, suspensions.contains(s));
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
        ifStatement(path, (IfTree) s);
        return;
      case WHILE_LOOP:
        whileLoop(path, (WhileLoopTree) s);
        return;
      case DO_WHILE_LOOP:
        doWhileLoop(path, (DoWhileLoopTree) s);
        return;
      case FOR_LOOP:
        forLoop(path, (ForLoopTree) s);
        return;
      case ENHANCED_FOR_LOOP:
        forEachLoop(path, (EnhancedForLoopTree) s);
        return;
      case LABELED_STATEMENT:
        labeled(path, (LabeledStatementTree) s);
        return;
      case TRY:
        tryStatement(path, (TryTree) s);
        return;
      case RETURN: {
        ExpressionTree e = ((ReturnTree) s).getExpression();
        TreePath expression = e == null ? null : new TreePath(path, e);
        emit(returnWith(expression == null ? null : value(expression), expression, false));
        current = null;
        return;
      }
      case THROW:
        emit(CodeBlock.of("throw $L;\n", value(new TreePath(path, ((ThrowTree) s).getExpression()))));
        current = null;
        return;
      case SWITCH:
        switchStatement(path, (SwitchTree) s);
        return;
      case ASSERT: {
        com.sun.source.tree.AssertTree a = (com.sun.source.tree.AssertTree) s;
        Label after = label();
        jumpIf(CodeBlock.of("!$L", assertionsEnabled()), after);
        jumpIf(value(unparenthesized(new TreePath(path, a.getCondition()))), after);
        emit(a.getDetail() == null ? CodeBlock.of("throw new $T();\n", AssertionError.class)
            : CodeBlock.of("throw new $T($L);\n", AssertionError.class,
                value(new TreePath(path, a.getDetail()))));
        current = null;
        bind(after, null);
        return;
      }
      case YIELD: {
        YieldTree y = (YieldTree) s;
        Tree target = Jumps.yieldTarget(path);
        CodeBlock code = yieldTo(target, value(new TreePath(path, y.getValue())), false);
        if (code == null) {
          throw fail(Problem.INTERNAL, s, "yield target was not lowered");
        }
        emit(code);
        current = null;
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
    for (ClassName moved : ctx.movedTypes.values()) {
      if (moved.simpleName().equals(name)) {
        throw fail(Problem.NOT_SUPPORTED, path.getLeaf(),
            "a second local type named " + name + " in one @Async body");
      }
    }
    ctx.movedTypes.put(local, ctx.machine.nestedClass(name));
    movedTypes.add(slicer.sliceMoved(path));
  }

  /**
   * Pattern variables ({@code o instanceof String s}) declared by this statement's own
   * expressions live in fields when the statement is split into states, or when flow scoping
   * lets them escape into the statements that follow.
   */
  private void hoistBindings(TreePath statement, boolean lowered) {
    Tree root = statement.getLeaf();
    if (!lowered && !(root instanceof IfTree || root instanceof WhileLoopTree
        || root instanceof DoWhileLoopTree || root instanceof ForLoopTree)) {
      return;
    }
    new TreePathScanner<Void, Void>() {
      @Override
      public Void scan(Tree tree, Void v) {
        // nested statements hoist their own; expression carriers (a switch arm's yield, a
        // for update, a resource declaration) belong to this statement
        if (tree instanceof StatementTree && tree != root && !(tree instanceof YieldTree)
            && !(tree instanceof ExpressionStatementTree) && !(tree instanceof VariableTree)
            && !(tree instanceof CaseTree)) { // javac's case trees are statements too
          return null;
        }
        if (tree instanceof CaseTree && tree != root
            && ((CaseTree) tree).getCaseKind() == CaseTree.CaseKind.STATEMENT
            && !(getCurrentPath().getLeaf() instanceof SwitchExpressionTree)) {
          return null;
        }
        if (tree instanceof com.sun.source.tree.LambdaExpressionTree
            || tree instanceof com.sun.source.tree.ClassTree) {
          return null;
        }
        return super.scan(tree, v);
      }

      @Override
      public Void visitCase(CaseTree node, Void v) {
        // javac may keep a rule's expression only as the statement "yield expr;" once the
        // switch is attributed: look at whichever it has
        scan(node.getExpressions(), v);
        if (node.getCaseKind() == CaseTree.CaseKind.RULE && node.getBody() != null) {
          return scan(node.getBody(), v);
        }
        return scan(node.getStatements(), v);
      }

      @Override
      public Void visitBindingPattern(com.sun.source.tree.BindingPatternTree node, Void v) {
        TreePath varPath = new TreePath(getCurrentPath(), node.getVariable());
        Element e = ctx.trees.getElement(varPath);
        if (e != null && hoisted.get(e) == null && (lowered || escapes(e, statement))) {
          String name = hoistName(node.getVariable().getName().toString());
          hoisted.put(e, name);
          field(typeOf(e.asType(), node), name);
        }
        return null;
      }
    }.scan(statement, null);
  }

  private boolean escapes(Element binding, TreePath statement) {
    boolean[] outside = {false};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree node, Void v) {
        if (binding.equals(ctx.trees.getElement(getCurrentPath()))
            && !Jumps.within(node, statement)) {
          outside[0] = true;
        }
        return null;
      }
    }.scan(new TreePath(ctx.methodPath, ctx.methodTree().getBody()), null);
    return outside[0];
  }

  /**
   * The name of a static field holding the source class's assertion status: asserts follow the
   * class they were written in ({@code -ea:shop.Catalog}), not the generated one.
   */
  @Override
  public String assertionsEnabled() {
    if (assertionsField == null) {
      assertionsField = synthetic("assertionsEnabled");
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
    return synthetic(base);
  }

  private void verbatim(TreePath path) {
    switch (path.getLeaf().getKind()) {
      case RETURN: case BREAK: case CONTINUE: case YIELD:
        emit(slicer.slice(path)); // became statements that end their own lines
        break;
      default:
        emit(CodeBlock.of("$L\n", slicer.slice(path)));
    }
    if (!jumps.canCompleteNormally(path)) {
      current = null;
    }
  }

  private void declare(TreePath path) {
    VariableTree v = (VariableTree) path.getLeaf();
    VariableElement e = (VariableElement) ctx.trees.getElement(path);
    if (e.getConstantValue() != null && e.getModifiers().contains(Modifier.FINAL)) {
      String name = synthetic(v.getName().toString());
      TypeName type = typeOf(e.asType(), v);
      fields.add(FieldSpec.builder(type, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .initializer("$L", ctx.elements.getConstantExpression(e.getConstantValue())).build());
      hoisted.put(e, name);
      return;
    }
    if (e.asType().getKind() == TypeKind.INTERSECTION) {
      throw fail(Problem.VAR_INTERSECTION_TYPE, v, e.asType());
    }
    if (e.asType().getKind() == TypeKind.DECLARED && ((TypeElement) ctx.types.asElement(e.asType()))
        .getNestingKind() == javax.lang.model.element.NestingKind.ANONYMOUS) {
      throw fail(Problem.VAR_ANONYMOUS_TYPE_IN_BODY, v);
    }
    String name = hoistName(v.getName().toString());
    hoisted.put(e, name);
    TypeName type = typeOf(e.asType(), v);
    field(type, name);
    if (v.getInitializer() != null) {
      CodeBlock init = value(new TreePath(path, v.getInitializer()));
      emit(CodeBlock.of("$L = $L;\n", name, init));
    }
  }

  private void expressionStatement(TreePath expr) {
    if (suspensions.callee(expr.getLeaf()) != null) {
      suspend(expr, true);
    } else {
      emit(CodeBlock.of("$L;\n", value(expr)));
    }
  }

  private void ifStatement(TreePath path, IfTree s) {
    CodeBlock cond = value(unparenthesized(new TreePath(path, s.getCondition())));
    Label otherwise = label();
    Label after = label();
    boolean hasElse = s.getElseStatement() != null;
    jumpIf(negate(cond), hasElse ? otherwise : after);
    statement(new TreePath(path, s.getThenStatement()));
    if (hasElse) {
      jump(after);
      bind(otherwise, s.getElseStatement());
      statement(new TreePath(path, s.getElseStatement()));
    }
    bind(after, null);
  }

  private void whileLoop(TreePath path, WhileLoopTree s) {
    Label cond = label();
    Label after = label();
    loop(s, after, cond);
    bindAlways(cond, s);
    TreePath c = unparenthesized(new TreePath(path, s.getCondition()));
    if (!isTrue(c.getLeaf())) {
      jumpIf(negate(value(c)), after);
    }
    statement(new TreePath(path, s.getStatement()));
    jump(cond);
    bind(after, null);
  }

  private void doWhileLoop(TreePath path, DoWhileLoopTree s) {
    Label top = label();
    Label cond = label();
    Label after = label();
    loop(s, after, cond);
    bindAlways(top, s);
    statement(new TreePath(path, s.getStatement()));
    bind(cond, s.getCondition());
    if (current != null) {
      jumpIf(value(unparenthesized(new TreePath(path, s.getCondition()))), top);
    }
    bind(after, null);
  }

  private void forLoop(TreePath path, ForLoopTree s) {
    for (StatementTree init : s.getInitializer()) {
      TreePath p = new TreePath(path, init);
      if (init instanceof VariableTree) {
        declare(p);
      } else {
        expressionStatement(new TreePath(p, ((ExpressionStatementTree) init).getExpression()));
      }
    }
    Label cond = label();
    Label update = label();
    Label after = label();
    loop(s, after, update);
    bindAlways(cond, s);
    if (s.getCondition() != null) {
      TreePath c = unparenthesized(new TreePath(path, s.getCondition()));
      if (!isTrue(c.getLeaf())) {
        jumpIf(negate(value(c)), after);
      }
    }
    statement(new TreePath(path, s.getStatement()));
    bind(update, s);
    for (ExpressionStatementTree u : s.getUpdate()) {
      if (current != null) {
        expressionStatement(new TreePath(new TreePath(path, u), u.getExpression()));
      }
    }
    jump(cond);
    bind(after, null);
  }

  private void forEachLoop(TreePath path, EnhancedForLoopTree s) {
    TreePath exprPath = new TreePath(path, s.getExpression());
    TypeMirror exprType = ctx.trees.getTypeMirror(exprPath);
    CodeBlock source = value(exprPath);
    TreePath varPath = new TreePath(path, s.getVariable());
    Element var = ctx.trees.getElement(varPath);
    String name = hoistName(s.getVariable().getName().toString());
    hoisted.put(var, name);
    TypeName varType = typeOf(var.asType(), s.getVariable());
    field(varType, name);
    Label cond = label();
    Label next = label();
    Label after = label();
    if (exprType.getKind() == TypeKind.ARRAY) {
      String array = synthetic("array");
      String index = synthetic("index");
      field(typeOf(exprType, s.getExpression()), array);
      field(TypeName.INT, index);
      emit(CodeBlock.of("$L = $L;\n$L = 0;\n", array, source, index));
      loop(s, after, next);
      bindAlways(cond, s);
      jumpIf(CodeBlock.of("$L >= $L.length", index, array), after);
      emit(CodeBlock.of("$L = $L[$L];\n", name, array, index));
      statement(new TreePath(path, s.getStatement()));
      bind(next, s);
      emit(CodeBlock.of("$L++;\n", index));
      jump(cond);
      bind(after, null);
      emit(CodeBlock.of("$L = null;\n", array)); // the loop is done with it
      return;
    } else {
      String iterator = synthetic("iterator");
      field(ParameterizedTypeName.get(ClassName.get(Iterator.class),
          WildcardTypeName.subtypeOf(Object.class)), iterator);
      emit(CodeBlock.of("$L = ($L).iterator();\n", iterator, source));
      loop(s, after, cond);
      bindAlways(cond, s);
      jumpIf(CodeBlock.of("!$L.hasNext()", iterator), after);
      emit(CodeBlock.of("$L = ($T) $L.next();\n", name, varType, iterator));
      statement(new TreePath(path, s.getStatement()));
      jump(cond);
      bind(after, null);
      emit(CodeBlock.of("$L = null;\n", iterator)); // the loop is done with it
    }
  }

  private void labeled(TreePath path, LabeledStatementTree s) {
    switch (s.getStatement().getKind()) {
      case WHILE_LOOP: case DO_WHILE_LOOP: case FOR_LOOP: case ENHANCED_FOR_LOOP:
        pendingLabel = s;
        statement(new TreePath(path, s.getStatement()));
        return;
      default:
        Label after = label();
        breaks.put(s, after);
        statement(new TreePath(path, s.getStatement()));
        bind(after, null);
    }
  }

  private void loop(Tree loop, Label breakTo, Label continueTo) {
    breaks.put(loop, breakTo);
    continues.put(loop, continueTo);
    if (pendingLabel != null && pendingLabel.getStatement() == loop) {
      breaks.put(pendingLabel, breakTo);
    }
    pendingLabel = null;
  }

  private void tryStatement(TreePath path, TryTree s) {
    if (!s.getResources().isEmpty() && s.getCatches().isEmpty() && s.getFinallyBlock() == null) {
      resources(path, s, 0);
      return;
    }
    boolean hasCatches = !s.getCatches().isEmpty();
    Label after = label();
    Frame frame = null;
    if (s.getFinallyBlock() != null) {
      frame = new Frame(label(), label(), synthetic("finallyNext"), synthetic("finallyThrown"));
      field(TypeName.INT, frame.next);
      field(ClassName.get(Throwable.class), frame.thrown);
      finallies.add(frame);
    }
    Label dispatch = hasCatches ? label() : null;
    caught();
    handlers.add(hasCatches ? dispatch : frame.catchAll);
    startState(label(), s.getBlock(), true, currentHandler());
    if (s.getResources().isEmpty()) {
      statement(new TreePath(path, s.getBlock()));
    } else {
      resources(path, s, 0); // JLS 14.20.3.2: the resources are a try inside this one
    }
    jump(after);
    handlers.remove(handlers.size() - 1);
    if (hasCatches) {
      if (frame != null) {
        handlers.add(frame.catchAll);
      }
      catches(path, s, dispatch, after);
      if (frame != null) {
        handlers.remove(handlers.size() - 1);
      }
    }
    if (frame != null) {
      finallies.remove(finallies.size() - 1);
      startState(frame.catchAll, s.getFinallyBlock(), true, currentHandler());
      emit(CodeBlock.of("$L = $L;\n$L = null;\n", frame.thrown, caughtField, caughtField));
      startState(frame.entry, s.getFinallyBlock(), true, currentHandler());
      statement(new TreePath(path, s.getFinallyBlock()));
      endFinally(frame);
    }
    bind(after, null);
  }

  /** After a finally block: rethrow what was pending, else go where the try was leaving to. */
  private void endFinally(Frame frame) {
    if (current == null) {
      return;
    }
    String t = synthetic("pending");
    emit(CodeBlock.builder()
        .beginControlFlow("if ($L != null)", frame.thrown)
        .addStatement("$T $L = $L", Throwable.class, t, frame.thrown)
        .addStatement("$L = null", frame.thrown)
        .addStatement("throw $L", t)
        .endControlFlow()
        .addStatement("state = $L", frame.next)
        .addStatement("continue $L", resumeLabel)
        .build());
    current = null;
  }

  /**
   * try-with-resources as JLS 14.20.3.1 defines it: each resource is a try whose finally
   * closes it, keeping the close's failure as suppressed when the body already failed.
   */
  private void resources(TreePath path, TryTree s, int index) {
    if (index == s.getResources().size()) {
      statement(new TreePath(path, s.getBlock()));
      return;
    }
    Tree resource = s.getResources().get(index);
    TreePath resourcePath = new TreePath(path, resource);
    String name;
    TypeMirror resourceType;
    if (resource instanceof VariableTree) {
      declare(resourcePath);
      Element element = ctx.trees.getElement(resourcePath);
      resourceType = element.asType();
      name = hoisted.get(element);
      cleared.add(element); // read by the close at the end, which liveness does not see
    } else {
      name = synthetic("resource");
      resourceType = ctx.trees.getTypeMirror(resourcePath);
      field(typeOf(resourceType, resource), name);
      emit(CodeBlock.of("$L = $L;\n", name, value(resourcePath)));
    }
    Frame frame = new Frame(label(), label(), synthetic("finallyNext"), synthetic("finallyThrown"));
    field(TypeName.INT, frame.next);
    field(ClassName.get(Throwable.class), frame.thrown);
    Label after = label();
    caught();
    finallies.add(frame);
    handlers.add(frame.catchAll);
    startState(label(), index + 1 < s.getResources().size()
        ? s.getResources().get(index + 1) : s.getBlock(), true, currentHandler());
    resources(path, s, index + 1);
    jump(after);
    handlers.remove(handlers.size() - 1);
    finallies.remove(finallies.size() - 1);
    startState(frame.catchAll, resource, true, currentHandler());
    emit(CodeBlock.of("$L = $L;\n$L = null;\n", frame.thrown, caughtField, caughtField));
    startState(frame.entry, resource, true, currentHandler());
    current.comment = "close " + name + ", declared on " + comment(resource);
    String suppressed = synthetic("closeFailure");
    if (isAsyncCloseable(resourceType)) {
      // closeAsync() is awaited: the close may suspend (a task group waiting for its children)
      Label closed = label();
      Label awaitedClose = label();
      awaitedClose.refs++;
      jumpIf(CodeBlock.of("$L == null", name), closed);
      if (fast) {
        emit(CodeBlock.builder()
            .addStatement("$L = $L.closeAsync()", AWAITED, name)
            .beginControlFlow("if (!fastDone($L))", AWAITED)
            .add(spillAt(awaitedClose, AWAITED))
            .endControlFlow()
            .addStatement("state = $L", awaitedClose)
            .build());
      } else {
        emit(CodeBlock.builder()
            .beginControlFlow("if (suspend($L.closeAsync(), $L))", name, awaitedClose)
            .addStatement("$L", stop)
            .endControlFlow()
            .build());
      }
      startState(awaitedClose, resource, false, currentHandler(), true);
      current.comment = "closed " + name + " (closeAsync), declared on " + comment(resource);
      emit(CodeBlock.builder()
          .beginControlFlow("if ($L != null)", frame.thrown)
          .beginControlFlow("try")
          .addStatement("$L", awaitedValue())
          .nextControlFlow("catch ($T $L)", Throwable.class, suppressed)
          .addStatement("$L.addSuppressed($L)", frame.thrown, suppressed)
          .endControlFlow()
          .nextControlFlow("else")
          .addStatement("$L", awaitedValue())
          .endControlFlow()
          .build());
      bind(closed, null);
    } else {
      emit(CodeBlock.builder()
          .beginControlFlow("if ($L != null)", name)
          .beginControlFlow("if ($L != null)", frame.thrown)
          .beginControlFlow("try")
          .addStatement("$L.close()", name)
          .nextControlFlow("catch ($T $L)", Throwable.class, suppressed)
          .addStatement("$L.addSuppressed($L)", frame.thrown, suppressed)
          .endControlFlow()
          .nextControlFlow("else")
          .addStatement("$L.close()", name)
          .endControlFlow()
          .endControlFlow()
          .build());
    }
    if (isScopeExit(resourceType)) {
      // asyncio's __aexit__: the closed scope sees how the block ended and may replace its
      // exception (a Timeout turns its own cancellation into a TimeoutException)
      emit(CodeBlock.builder()
          .beginControlFlow("if ($L != null)", name)
          .addStatement("$L = $L.bodyEnded($L)", frame.thrown, name, frame.thrown)
          .endControlFlow()
          .build());
    }
    endFinally(frame);
    bind(after, null);
  }

  /** Whether a resource is an {@code org.await4j.internal.ScopeExit}, which may replace the exception. */
  private boolean isScopeExit(TypeMirror type) {
    TypeElement scopeExit = ctx.elements.getTypeElement("org.await4j.internal.ScopeExit");
    return scopeExit != null && type != null && type.getKind() == TypeKind.DECLARED
        && ctx.types.isAssignable(ctx.types.erasure(type), ctx.types.erasure(scopeExit.asType()));
  }

  /** Whether a resource is an {@code org.await4j.AsyncCloseable}, whose close can suspend. */
  private boolean isAsyncCloseable(TypeMirror type) {
    TypeElement asyncCloseable = ctx.elements.getTypeElement("org.await4j.AsyncCloseable");
    return asyncCloseable != null && type != null && type.getKind() == TypeKind.DECLARED
        && ctx.types.isAssignable(ctx.types.erasure(type),
            ctx.types.erasure(asyncCloseable.asType()));
  }

  /**
   * A switch statement: the selector picks a state; case bodies are consecutive states, so
   * fall-through is falling into the next state, and {@code break} jumps past them all.
   */
  private void switchStatement(TreePath path, SwitchTree s) {
    Label after = label();
    breaks.put(s, after);
    switchCases(path, s.getExpression(), s.getCases(), null, after);
  }

  /** A switch expression that suspends: like the statement, each arm leaves its value in a field. */
  private CodeBlock switchExpression(TreePath path, SwitchExpressionTree s) {
    String result = synthetic("switchValue");
    field(typeOf(ctx.trees.getTypeMirror(path), s), result);
    Label after = label();
    yields.put(s, new YieldTarget(result, after));
    switchCases(path, s.getExpression(), s.getCases(), result, after);
    return operand(result);
  }

  private void switchCases(TreePath path, ExpressionTree selectorTree, List<? extends CaseTree> cases,
      String result, Label after) {
    // The dispatch is the user's own switch, printed back with each arm's body replaced by
    // "copy the case's pattern variables to fields; go to the arm's state". Constant, enum,
    // string and pattern labels and guards all keep their own semantics that way.
    Map<Tree, CodeBlock> overrides = new HashMap<>();
    if (suspensions.contains(selectorTree)) {
      overrides.put(selectorTree,
          CodeBlock.of("($L)", value(unparenthesized(new TreePath(path, selectorTree)))));
    }
    List<Slicer.Range> ranges = new ArrayList<>();
    List<Label> arms = new ArrayList<>();
    for (CaseTree c : cases) {
      TreePath casePath = new TreePath(path, c);
      Tree inLabel = suspensionOutsideBody(c);
      if (inLabel != null) {
        throw fail(Problem.NOT_SUPPORTED, inLabel, "a suspension point in a case label or guard");
      }
      Label arm = label();
      arm.refs++;
      arms.add(arm);
      CodeBlock.Builder go = CodeBlock.builder().add("{\n$>");
      for (Map.Entry<Element, String> b : caseBindings(casePath).entrySet()) {
        notFast("a pattern variable of a case label kept across an await");
        go.add("this.$L = $L;\n", hoisted.get(b.getKey()), b.getValue());
      }
      go.add("state = $L;\n", arm);
      if (c.getCaseKind() == CaseTree.CaseKind.RULE) {
        ranges.add(new Slicer.Range(slicer.start(c.getBody()), slicer.endWithSemicolon(c.getBody()),
            go.add("$<}").build()));
      } else if (!c.getStatements().isEmpty()) {
        List<? extends StatementTree> body = c.getStatements();
        ranges.add(new Slicer.Range(slicer.start(body.get(0)),
            slicer.end(body.get(body.size() - 1)), go.add("break;\n$<}").build()));
      } else {
        // no statements: falls into the next case, as the source does
      }
    }
    Label noMatch = result == null ? after : label();
    noMatch.refs++;
    TreePath switchPath = path;
    emit(CodeBlock.of("$L\n", slicer.slice(switchPath, overrides, ranges)));
    // no case matched: the state is still this one (set only after the selector, which may
    // throw: until then the state must stay this one, for the right handler)
    emit(CodeBlock.builder().beginControlFlow("if (state == $L)", current.id)
        .addStatement("state = $L", noMatch).endControlFlow().build());
    emit(CodeBlock.of("continue $L;\n", resumeLabel));
    if (result != null) {
      finishers.add(() -> {
        startState(noMatch, null, false, null);
        current.comment = "no case matched: the enum or sealed type changed after compilation";
        emit(CodeBlock.of("throw new $T();\n", IncompatibleClassChangeError.class));
        current = null;
      });
    }
    current = null;
    for (int i = 0; i < cases.size(); i++) {
      CaseTree c = cases.get(i);
      TreePath casePath = new TreePath(path, c);
      bindAlways(arms.get(i), c);
      if (c.getCaseKind() == CaseTree.CaseKind.RULE) {
        Tree body = c.getBody();
        if (body instanceof ExpressionTree && result != null) {
          emit(CodeBlock.of("$L = $L;\n", result, value(new TreePath(casePath, body))));
        } else if (body instanceof ExpressionTree) {
          expressionStatement(new TreePath(casePath, body));
        } else {
          statement(new TreePath(casePath, body));
        }
        jump(after);
      } else {
        for (StatementTree st : c.getStatements()) {
          statement(new TreePath(casePath, st));
        }
      }
    }
    bind(after, null);
  }

  private Tree suspensionOutsideBody(CaseTree c) {
    Set<Tree> body = new HashSet<>(c.getStatements() == null ? List.of() : c.getStatements());
    if (c.getCaseKind() == CaseTree.CaseKind.RULE && c.getBody() != null) {
      body.add(c.getBody());
    }
    Tree[] found = {null};
    new com.sun.source.util.TreeScanner<Void, Void>() {
      @Override
      public Void scan(Tree tree, Void v) {
        if (tree == null || body.contains(tree) || found[0] != null) {
          return null;
        }
        if (suspensions.callee(tree) != null) {
          found[0] = tree;
          return null;
        }
        return super.scan(tree, v);
      }
    }.scan(c, null);
    return found[0];
  }

  /**
   * The pattern variables a case's labels declare, each hoisted to a field, with the name it has
   * in the dispatch switch.
   */
  private Map<Element, String> caseBindings(TreePath casePath) {
    CaseTree c = (CaseTree) casePath.getLeaf();
    Set<Tree> body = new HashSet<>(c.getStatements() == null ? List.of() : c.getStatements());
    if (c.getCaseKind() == CaseTree.CaseKind.RULE && c.getBody() != null) {
      body.add(c.getBody());
    }
    Map<Element, String> bindings = new java.util.LinkedHashMap<>();
    new TreePathScanner<Void, Void>() {
      @Override
      public Void scan(Tree tree, Void v) {
        return body.contains(tree) ? null : super.scan(tree, v);
      }

      @Override
      public Void visitBindingPattern(com.sun.source.tree.BindingPatternTree node, Void v) {
        TreePath varPath = new TreePath(getCurrentPath(), node.getVariable());
        Element e = ctx.trees.getElement(varPath);
        if (e != null && !node.getVariable().getName().contentEquals("_")) {
          if (hoisted.get(e) == null) {
            String name = hoistName(node.getVariable().getName().toString());
            hoisted.put(e, name);
            field(typeOf(e.asType(), node), name);
          }
          bindings.put(e, node.getVariable().getName().toString());
        }
        return null;
      }
    }.scan(casePath, null);
    return bindings;
  }

  /** Where a {@code yield} of a lowered switch expression puts its value and goes. */
  private static final class YieldTarget {
    final String field;
    final Label after;

    YieldTarget(String field, Label after) {
      this.field = field;
      this.after = after;
    }
  }

  @Override
  public CodeBlock yieldTo(Tree switchExpression, CodeBlock value, boolean viaJava) {
    YieldTarget target = yields.get(switchExpression);
    if (target == null) {
      return null;
    }
    return CodeBlock.of("$L = $L;\n$L", target.field, value, jumpCode(target.after, viaJava));
  }

  private void catches(TreePath path, TryTree s, Label dispatch, Label after) {
    startState(dispatch, s.getCatches().get(0), true, currentHandler());
    List<Label> bodies = new ArrayList<>();
    for (CatchTree c : s.getCatches()) {
      TreePath catchPath = new TreePath(path, c);
      TreePath paramPath = new TreePath(catchPath, c.getParameter());
      Element param = ctx.trees.getElement(paramPath);
      String name = hoistName(c.getParameter().getName().toString());
      hoisted.put(param, name);
      List<TypeMirror> alternatives = new ArrayList<>();
      TypeMirror declared = param.asType();
      if (declared instanceof UnionType) {
        alternatives.addAll(((UnionType) declared).getAlternatives());
        declared = commonSuperclass(alternatives);
      } else {
        alternatives.add(declared);
      }
      TypeName type = typeOf(declared, c.getParameter());
      field(type, name);
      CodeBlock.Builder test = CodeBlock.builder();
      for (int i = 0; i < alternatives.size(); i++) {
        test.add(i == 0 ? "" : " || ").add("$L instanceof $T", caughtField,
            typeOf(alternatives.get(i), c.getParameter()));
      }
      Label body = label();
      bodies.add(body);
      body.refs++;
      emit(CodeBlock.builder()
          .beginControlFlow("if ($L)", test.build())
          .addStatement("$L = ($T) $L", name, type, caughtField)
          .addStatement("$L = null", caughtField)
          .addStatement("state = $L", body)
          .addStatement("continue $L", resumeLabel)
          .endControlFlow()
          .build());
    }
    String t = synthetic("uncaught");
    emit(CodeBlock.builder()
        .addStatement("$T $L = $L", Throwable.class, t, caughtField)
        .addStatement("$L = null", caughtField)
        .addStatement("throw $L", t)
        .build());
    current = null;
    for (int i = 0; i < s.getCatches().size(); i++) {
      CatchTree c = s.getCatches().get(i);
      startState(bodies.get(i), c, true, currentHandler());
      statement(new TreePath(new TreePath(path, c), c.getBlock()));
      jump(after);
    }
  }

  private TypeMirror commonSuperclass(List<TypeMirror> alternatives) {
    TypeMirror candidate = alternatives.get(0);
    while (candidate.getKind() == TypeKind.DECLARED) {
      boolean all = true;
      for (TypeMirror alt : alternatives) {
        all &= ctx.types.isSubtype(ctx.types.erasure(alt), ctx.types.erasure(candidate));
      }
      if (all) {
        return candidate;
      }
      candidate = ((TypeElement) ((DeclaredType) candidate).asElement()).getSuperclass();
    }
    return ctx.elements.getTypeElement("java.lang.Throwable").asType();
  }

  // ---- expressions ----

  /** The code of an expression, valid in the current state; suspends first if it must. */
  private CodeBlock value(TreePath path) {
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
    return CodeBlock.of("new $T $L", typeOf(TypeNames.isError(type) ? type : ctx.types.erasure(type), t), code);
  }

  private CodeBlock lowered(TreePath path) {
    Tree t = path.getLeaf();
    if (suspensions.callee(t) != null) {
      return suspend(path, false);
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
      case LAMBDA_EXPRESSION: case MEMBER_REFERENCE:
        return slicer.slice(path);
      case SWITCH_EXPRESSION: {
        SwitchExpressionTree sw = (SwitchExpressionTree) t;
        boolean armsSuspend = false;
        for (CaseTree c : sw.getCases()) {
          armsSuspend |= suspensions.contains(c);
        }
        if (armsSuspend) {
          return switchExpression(path, sw);
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
          throw fail(Problem.NOT_SUPPORTED, t, describe(t));
        }
    }
    Map<Tree, CodeBlock> codes = operands(t, children);
    if (codes.isEmpty()) {
      throw fail(Problem.NOT_SUPPORTED, t, "a suspension point in this position");
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
      codes.put(children.get(i).getLeaf(), i < last ? spill(children.get(i), code) : code);
    }
    return codes;
  }

  private CodeBlock spill(TreePath path, CodeBlock code) {
    Tree t = path.getLeaf();
    if (t instanceof LiteralTree || !isValue(path)
        || (t instanceof IdentifierTree && ((IdentifierTree) t).getName().contentEquals("this"))) {
      return code;
    }
    TypeName type = typeOf(Unboxing.savedType(path, ctx.trees, ctx.types), t);
    String name = synthetic("operand");
    field(type, name);
    emit(CodeBlock.of("$L = $L;\n", name, code));
    return operand(name);
  }

  private CodeBlock suspend(TreePath path, boolean discard) {
    MethodInvocationTree call = (MethodInvocationTree) path.getLeaf();
    ExecutableElement callee = suspensions.callee(call);
    CodeBlock awaitable;
    CodeBlock fastCall = null;
    if (Suspensions.isAwait(callee)) {
      awaitable = value(child(path, call.getArguments().get(0)));
    } else {
      List<CodeBlock> args = new ArrayList<>();
      awaitable = asyncCall(path, call, callee, args);
      // a super call starts the superclass's machine itself: its fast path would dispatch
      ClassName machine = fast && !isSuperCall(call)
          ? Names.machineOf(callee, ctx.elements, ctx.trees, ctx.type) : null;
      if (machine != null) {
        args.add(0, CodeBlock.of("$L", LOOP));
        fastCall = CodeBlock.of("$T.fast($L)", machine, CodeBlock.join(args, ", "));
      }
    }
    if (fast) {
      return fastSuspend(path, call, awaitable, fastCall, discard);
    }
    Label next = label();
    next.refs++;
    List<String> dead = deadFields(path);
    if (!dead.isEmpty()) {
      // evaluate what to await first, then drop what nothing reads any more, then wait
      TypeName awaitableType = Suspensions.isAwait(callee)
          ? typeOf(ctx.trees.getTypeMirror(child(path, call.getArguments().get(0))), call)
          : ParameterizedTypeName.get(RuntimeNames.TASK, WildcardTypeName.subtypeOf(Object.class));
      String local = synthetic("awaiting");
      emit(CodeBlock.of("$T $L = $L;\n", awaitableType, local, awaitable));
      for (String f : dead) {
        emit(CodeBlock.of("$L = null;\n", f));
      }
      awaitable = CodeBlock.of("$L", local);
    }
    emit(CodeBlock.builder()
        .beginControlFlow("if (suspend($L, $L))", awaitable, next)
        .addStatement("$L", stop)
        .endControlFlow()
        .build());
    startState(next, call, false, currentHandler(), true);
    if (discard) {
      emit(CodeBlock.of("awaited();\n"));
      return null;
    }
    TypeName type = typeOf(ctx.trees.getTypeMirror(path), call);
    return CodeBlock.of("(($T) awaited())", type);
  }

  /**
   * {@link #suspend} on the fast path, with the same states and names: an await of a done task
   * goes on at once, one that must wait spills; a direct call to another fast path takes its
   * value, or spills to await what it handed off.
   */
  private CodeBlock fastSuspend(TreePath path, MethodInvocationTree call, CodeBlock awaitable,
      CodeBlock fastCall, boolean discard) {
    Label next = label();
    next.refs++;
    List<String> dead = deadFields(path);
    CodeBlock.Builder code = CodeBlock.builder();
    CodeBlock value;
    CodeBlock mustWait;
    String waitFor;
    Label spillTo = next;
    if (fastCall != null) {
      boolean isVoid = suspensions.callee(call).getReturnType().getKind() == TypeKind.VOID;
      if (isVoid || discard) {
        code.addStatement("$L", fastCall);
        value = null;
      } else {
        String result = "call$" + (fastLocals.size() + 1);
        TypeName type = typeOf(ctx.trees.getTypeMirror(path), call);
        fastLocals.add(FieldSpec.builder(type, result).build());
        code.addStatement("$L = $L", result, fastCall);
        value = CodeBlock.of("$L", result);
      }
      mustWait = CodeBlock.of("handedOff($L)", LOOP);
      waitFor = "takeHandedOff(" + LOOP + ")";
      spillTo = resumption(next, call, value == null ? null : value.toString(),
          value == null ? null : typeOf(ctx.trees.getTypeMirror(path), call).box());
    } else {
      code.addStatement("$L = $L", AWAITED, awaitable);
      value = awaitedValue();
      mustWait = CodeBlock.of("!fastDone($L)", AWAITED);
      waitFor = AWAITED;
    }
    for (String f : dead) {
      code.addStatement("$L = null", f); // before a spill: the machine must not keep them
    }
    code.beginControlFlow("if ($L)", mustWait).add(spillAt(spillTo, waitFor)).endControlFlow();
    code.addStatement("state = $L", next);
    emit(code.build());
    startState(next, call, false, currentHandler(), true);
    if (discard) {
      if (fastCall == null) {
        emit(CodeBlock.of("$L;\n", value));
      }
      return null;
    }
    if (fastCall != null) {
      return value; // a local of the call's type already
    }
    TypeName type = typeOf(ctx.trees.getTypeMirror(path), call);
    return CodeBlock.of("(($T) $L)", type, value);
  }

  /** Reading the outcome of the last await: as a statement, for its exception only. */
  private CodeBlock awaitedValue() {
    return fast ? CodeBlock.of("fastValue($L, $L)", MACHINE, AWAITED) : CodeBlock.of("awaited()");
  }

  /**
   * Where a machine resumes that waited for what a direct call to another fast path handed off:
   * a state of its own, after the body's, that takes the call's value into {@code local} (null:
   * none, the outcome is read for its exception only) and goes on at {@code next}, as the body
   * does when the call returns its value at once.
   */
  private Label resumption(Label next, Tree call, String local, TypeName boxed) {
    Label entry = label();
    entry.refs++;
    next.refs++;
    Label handler = currentHandler();
    finishers.add(() -> {
      startState(entry, call, false, handler);
      emit(local == null ? CodeBlock.of("$L;\n", awaitedValue())
          : CodeBlock.of("$L = ($T) $L;\n", local, boxed, awaitedValue()));
      emit(CodeBlock.of("state = $L;\ncontinue $L;\n", next, resumeLabel));
      current = null;
    });
    return entry;
  }

  /**
   * Reference fields whose value nothing reads after the suspension at {@code point}: spilled
   * operands already used, and locals that {@link Liveness} finds dead. Each is cleared once.
   */
  private List<String> deadFields(TreePath point) {
    List<String> dead = new ArrayList<>();
    for (Iterator<String> it = usedTemps.iterator(); it.hasNext(); ) {
      dead.add(it.next());
      it.remove();
    }
    for (Map.Entry<Element, String> h : hoisted.entrySet()) {
      TypeName type = fieldTypes.get(h.getValue());
      if (type != null && !type.isPrimitive() && !cleared.contains(h.getKey())
          && liveness.deadAfter(h.getKey(), point)) {
        cleared.add(h.getKey());
        dead.add(h.getValue());
      }
    }
    java.util.Collections.sort(dead);
    return dead;
  }

  private static boolean isSuper(Tree t) {
    return t instanceof IdentifierTree && ((IdentifierTree) t).getName().contentEquals("super");
  }

  private static boolean isSuperCall(MethodInvocationTree call) {
    return call.getMethodSelect() instanceof MemberSelectTree
        && isSuper(((MemberSelectTree) call.getMethodSelect()).getExpression());
  }

  /** {@code page(u)} becomes {@code CatalogAsync.page(self, u)}: the callee's own twin. */
  private CodeBlock asyncCall(TreePath path, MethodInvocationTree call, ExecutableElement callee,
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
          throw fail(Problem.SUPER_CALL, r.getLeaf());
        }
        receiver = CodeBlock.of("self");
        if (Names.isOverridable(owner, callee)) {
          stub = Names.superStubName(callee);
        }
      } else if (instance) {
        children.add(r);
      }
    } else if (instance) {
      receiver = slicer.instanceWith(callee); // self, or the enclosing instance that has it
      if (receiver == null) {
        throw fail(Problem.ENCLOSING_INSTANCE, call, call.getMethodSelect());
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
      args.add(code != null ? code : slicer.slice(c));
    }
    argsOut.addAll(args);
    return CodeBlock.of("$T.$L($L)", Names.twin(owner, ctx.elements), stub,
        CodeBlock.join(args, ", "));
  }

  private CodeBlock conditional(TreePath path, ConditionalExpressionTree c) {
    String result = synthetic("choice");
    field(typeOf(ctx.trees.getTypeMirror(path), c), result);
    CodeBlock cond = value(child(path, c.getCondition()));
    Label otherwise = label();
    Label after = label();
    jumpIf(negate(cond), otherwise);
    emit(CodeBlock.of("$L = $L;\n", result, value(child(path, c.getTrueExpression()))));
    jump(after);
    bind(otherwise, c.getFalseExpression());
    emit(CodeBlock.of("$L = $L;\n", result, value(child(path, c.getFalseExpression()))));
    bind(after, null);
    return operand(result);
  }

  private CodeBlock shortCircuit(TreePath path, BinaryTree b, boolean isAnd) {
    String result = synthetic("test");
    field(TypeName.BOOLEAN, result);
    emit(CodeBlock.of("$L = $L;\n", result, value(child(path, b.getLeftOperand()))));
    Label after = label();
    jumpIf(CodeBlock.of(isAnd ? "!$L" : "$L", result), after);
    emit(CodeBlock.of("$L = $L;\n", result, value(child(path, b.getRightOperand()))));
    bind(after, null);
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
    TypeName type = typeOf(oldType == null ? variableType : oldType, c.getVariable());
    String old = synthetic("old");
    field(type, old);
    emit(CodeBlock.of("$L = $L;\n", old, target));
    // the target's parts are read again by the store after the suspension
    for (CodeBlock part : parts.values()) {
      String name = part.toString();
      if (usedTemps.remove(name)) {
        pendingTemps.add(name);
      }
    }
    CodeBlock oldValue = operand(old);
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
    if (t instanceof IdentifierTree || t instanceof MemberSelectTree) {
      Element e = ctx.trees.getElement(path);
      return !(e instanceof TypeElement || e instanceof PackageElement);
    }
    return true;
  }

  // ---- states and jumps ----

  private Label label() {
    return new Label(finallies.size());
  }

  private Label currentHandler() {
    return handlers.isEmpty() ? null : handlers.get(handlers.size() - 1);
  }

  private void startState(Label label, Tree at, boolean fallThrough, Label handler) {
    startState(label, at, fallThrough, handler, false);
  }

  private void startState(Label label, Tree at, boolean fallThrough, Label handler,
      boolean stateAlreadySet) {
    if (current != null && current.size == 0 && current.handler == handler && !stateAlreadySet
        && current.id > 0) {
      label.id = current.id; // nothing emitted here yet: both labels can name this state
      if (current.comment == null && at != null) {
        current.comment = comment(at);
        current.commentedLine = ctx.line(slicer.start(at));
      }
      return;
    }
    State s = new State(states.size(), handler, at == null ? null : comment(at));
    if (at != null) {
      s.commentedLine = ctx.line(slicer.start(at));
    }
    if (current != null && !stateAlreadySet) {
      emit(CodeBlock.of("state = $L;\n", s.id));
    }
    states.add(s);
    label.id = s.id;
    current = s;
  }

  /** Starts the state of {@code label} here, unless nothing can reach it. */
  private void bind(Label label, Tree at) {
    if (current == null && label.refs == 0) {
      return;
    }
    startState(label, at, true, currentHandler());
  }

  /** Starts the state of {@code label} here even if only later (backward) jumps reach it. */
  private void bindAlways(Label label, Tree at) {
    startState(label, at, true, currentHandler());
  }

  private void jump(Label target) {
    if (current != null) {
      emit(jumpCode(target));
      current = null;
    }
  }

  private void jumpIf(CodeBlock condition, Label target) {
    emit(CodeBlock.builder().beginControlFlow("if ($L)", condition)
        .add(jumpCode(target)).endControlFlow().build());
  }

  /** Code that goes to {@code target}, through every finally block between here and there. */
  private CodeBlock jumpCode(Label target) {
    return jumpCode(target, false);
  }

  /**
   * Code that goes to {@code target}. {@code viaJava}: the jump first leaves a try of the
   * printed code whose finally or resources Java runs on the way out, and those may throw; so
   * the state changes only once they are done (at the top of the step loop), and until then the
   * current state's handler catches what they throw.
   */
  private CodeBlock jumpCode(Label target, boolean viaJava) {
    target.refs++;
    String stateField = viaJava ? pendingState() : "state";
    int crossing = finallies.size() - target.depth;
    if (crossing <= 0) {
      return CodeBlock.of("$L = $L;\ncontinue $L;\n", stateField, target, resumeLabel);
    }
    Label destination = target;
    for (int k = target.depth; k < finallies.size() - 1; k++) {
      destination = chain(finallies.get(k), destination);
    }
    Frame inner = finallies.get(finallies.size() - 1);
    inner.entry.refs++;
    return CodeBlock.of("$L = null;\n$L = $L;\n$L = $L;\ncontinue $L;\n",
        inner.thrown, inner.next, destination, stateField, inner.entry, resumeLabel);
  }

  /** The field a jump out of Java finally blocks sets; null until a body needs it. */
  public String pendingStateField() {
    return pendingStateField;
  }

  private String pendingState() {
    if (pendingStateField == null) {
      pendingStateField = synthetic("nextState");
      fields.add(FieldSpec.builder(TypeName.INT, pendingStateField, Modifier.PRIVATE)
          .initializer("-1").build());
    }
    return pendingStateField;
  }

  /** A state that, once an inner finally is done, enters {@code frame}'s finally on the way. */
  private Label chain(Frame frame, Label destination) {
    Label l = new Label(0);
    l.refs++;
    destination.refs++;
    finishers.add(() -> {
      startState(l, null, false, null);
      current.comment = "on the way out: the next finally block";
      emit(CodeBlock.of("$L = null;\n$L = $L;\nstate = $L;\ncontinue $L;\n",
          frame.thrown, frame.next, destination, frame.entry, resumeLabel));
      current = null;
    });
    return l;
  }

  private void emit(CodeBlock code) {
    if (current != null) {
      current.code.add(code);
      account(code);
    }
  }

  /**
   * Counts {@code code} into the current state's size, and marks the spilled operands it reads:
   * printing it prints each {@link Operand} it holds, which records the read.
   */
  private void account(CodeBlock code) {
    accounting = true;
    try {
      current.size += code.toString().length();
    } finally {
      accounting = false;
    }
  }

  /** Code that reads the field {@code name}: a reference field is an {@link Operand}. */
  private CodeBlock operand(String name) {
    return CodeBlock.of("$L", fieldTypes.get(name).isPrimitive() ? name : new Operand(name));
  }

  /** True while {@link #account} prints code: an {@link Operand} printed then is read there. */
  private boolean accounting;

  /**
   * A field holding a value the body computed before an await and reads after it, as code
   * mentions it. The code that stores it names the field itself, so every print of this object
   * is a read; once read, nothing needs it and the next wait clears it.
   */
  private final class Operand {
    final String name;

    Operand(String name) {
      this.name = name;
      pendingTemps.add(name);
    }

    @Override
    public String toString() {
      if (accounting && pendingTemps.remove(name)) {
        usedTemps.add(name);
      }
      return name;
    }
  }

  private String caught() {
    if (caughtField == null) {
      caughtField = synthetic("caught");
      field(ClassName.get(Throwable.class), caughtField);
    }
    return caughtField;
  }

  // ---- Slicer.Host ----

  @Override
  public String fieldOf(Element local) {
    return hoisted.get(local);
  }

  @Override
  public CodeBlock jumpTo(Tree target, boolean isContinue, boolean viaJava) {
    Label l = (isContinue ? continues : breaks).get(target);
    return l == null ? null : jumpCode(l, viaJava);
  }

  @Override
  public CodeBlock returnWith(CodeBlock value, TreePath expression, boolean viaJava) {
    TypeMirror returnType = ctx.method.getReturnType();
    TypeMirror valueType = expression == null ? null : ctx.trees.getTypeMirror(expression);
    if (value != null && returnType.getKind().isPrimitive()
        && (valueType == null || valueType.getKind() != returnType.getKind())) {
      value = CodeBlock.of("($T) ($L)", TypeName.get(returnType), value);
    }
    if (finallies.isEmpty() && !viaJava) {
      return complete(value);
    }
    if (returnLabel == null) {
      returnLabel = new Label(0);
    }
    CodeBlock.Builder b = CodeBlock.builder();
    if (value != null) {
      if (resultField == null) {
        resultField = synthetic("result");
        field(Signatures.boxedResult(ctx.method, ctx.types), resultField);
      }
      b.add("$L = $L;\n", resultField, value);
    }
    return b.add(jumpCode(returnLabel, viaJava)).build();
  }

  /**
   * The body ends with {@code value} (null: none). Run by its machine, the machine completes with
   * it; on the fast path it is returned, and a task object made for the call by {@code
   * Task.current()} completes with it too.
   */
  private CodeBlock complete(CodeBlock value) {
    if (fast) {
      return fastComplete(value);
    }
    return value == null ? CodeBlock.of("complete(null);\n$L;\n", stop)
        : CodeBlock.of("complete($L);\n$L;\n", value, stop);
  }

  private CodeBlock fastComplete(CodeBlock value) {
    TypeName type = TypeName.get(ctx.method.getReturnType());
    if (ctx.method.getReturnType().getKind() == TypeKind.VOID) {
      return CodeBlock.of("returnFast($L, $L, null);\nreturn;\n", MACHINE, LOOP);
    }
    if (value == null) {
      // the end of a body that returns a value: javac makes sure it is never reached
      value = CodeBlock.of("$L", TypeNames.placeholder(type));
    }
    return CodeBlock.builder().add("{\n$>")
        .addStatement("$T result$$ = $L", type, value)
        .beginControlFlow("if ($L != null || hasIdentity($L))", MACHINE, LOOP)
        .addStatement("returnFast($L, $L, result$$)", MACHINE, LOOP)
        .endControlFlow()
        .addStatement("return result$$")
        .add("$<}\n").build();
  }

  /**
   * How the shared body leaves when an await must wait: it spills its locals into the machine,
   * which suspends at {@code next} on {@code awaited} (code), and returns a placeholder.
   */
  private CodeBlock spillAt(Label next, String awaited) {
    Object args = new Object() {
      @Override
      public String toString() { // rendered when written, once every field is known
        StringBuilder b = new StringBuilder(MACHINE).append(", ").append(LOOP).append(", ")
            .append(next).append(", ").append(awaited);
        if (!ctx.isStatic) {
          b.append(", self");
        }
        for (FieldSpec f : fields) {
          if (!f.modifiers().contains(Modifier.STATIC)) {
            b.append(", ").append(f.name());
          }
        }
        return b.toString();
      }
    };
    if (ctx.method.getReturnType().getKind() == TypeKind.VOID) {
      return CodeBlock.of("$L($L);\nreturn;\n", ctx.sharedCall("spill$"), args);
    }
    return CodeBlock.of("return $L($L);\n", ctx.sharedCall("spill$"), args);
  }

  @Override
  public String snapshot(String field, Element local) {
    String name = synthetic(field + "Copy");
    emit(CodeBlock.of("final $T $L = $L;\n", fieldTypes.get(field), name, field));
    return name;
  }

  @Override
  public boolean assignedWithin(Element local, TreePath path) {
    boolean[] found = {false};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitAssignment(AssignmentTree node, Void v) {
        check(node.getVariable());
        return super.visitAssignment(node, v);
      }

      @Override
      public Void visitCompoundAssignment(CompoundAssignmentTree node, Void v) {
        check(node.getVariable());
        return super.visitCompoundAssignment(node, v);
      }

      @Override
      public Void visitVariable(VariableTree node, Void v) {
        if (local.equals(ctx.trees.getElement(getCurrentPath()))) {
          found[0] = true; // a pattern variable bound inside the statement
        }
        return super.visitVariable(node, v);
      }

      @Override
      public Void visitUnary(UnaryTree node, Void v) {
        check(node.getExpression());
        return super.visitUnary(node, v);
      }

      private void check(ExpressionTree target) {
        if (target instanceof IdentifierTree
            && local.equals(ctx.trees.getElement(new TreePath(getCurrentPath(), target)))) {
          found[0] = true;
        }
      }
    }.scan(path, null);
    return found[0];
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
    return pendingStateField;
  }

  @Override
  public void notFast(String why) {
    if (fast) {
      throw new NotFast(why);
    }
  }

  // ---- names, types, fields ----

  private void field(TypeName type, String name) {
    fields.add(FieldSpec.builder(type, name, Modifier.PRIVATE).build());
    fieldTypes.put(name, type);
  }

  private TypeName typeOf(TypeMirror type, Tree at) {
    if (TypeNames.isError(type)) {
      throw fail(Problem.UNRESOLVED, at, at);
    }
    try {
      return ctx.typeNames.of(type);
    } catch (TypeNames.Undenotable e) {
      throw fail(Problem.NOT_SUPPORTED, at, "a value of the type " + type);
    }
  }

  /** The first free name among {@code name}, {@code name_2}, ...; hoisted locals keep theirs. */
  private String hoistName(String name) {
    if (used.add(name)) {
      return name;
    }
    return synthetic(name + "_");
  }

  /** A name no user local and no other field has. */
  private String synthetic(String base) {
    if (!userNames.contains(base) && used.add(base)) {
      return base;
    }
    for (int i = 2; ; i++) {
      String n = base + i;
      if (!userNames.contains(n) && used.add(n)) {
        return n;
      }
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
            && !hoisted.containsKey(ctx.trees.getElement(getCurrentPath()))) {
          throw new NotFast("a local named as a field of the machine");
        }
        return super.visitVariable(node, v);
      }
    }.scan(new TreePath(ctx.methodPath, ctx.methodTree().getBody()), null);
  }

  private static Set<String> namesDeclaredIn(TreePath method) {
    Set<String> names = new HashSet<>();
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree node, Void v) {
        names.add(node.getName().toString());
        return super.visitVariable(node, v);
      }

      @Override
      public Void visitLabeledStatement(LabeledStatementTree node, Void v) {
        names.add(node.getLabel().toString());
        return super.visitLabeledStatement(node, v);
      }
    }.scan(method, null);
    return names;
  }

  private String comment(Tree at) {
    long pos = slicer.start(at);
    return "line " + ctx.line(pos) + ": " + ctx.lineText(pos);
  }

  private static TreePath child(TreePath parent, Tree leaf) {
    return new TreePath(parent, leaf);
  }

  private static TreePath unparenthesized(TreePath path) {
    while (path.getLeaf() instanceof ParenthesizedTree) {
      path = child(path, ((ParenthesizedTree) path.getLeaf()).getExpression());
    }
    return path;
  }

  private static CodeBlock negate(CodeBlock cond) {
    return CodeBlock.of("!($L)", cond);
  }

  private static boolean isTrue(Tree t) {
    return t instanceof LiteralTree && Boolean.TRUE.equals(((LiteralTree) t).getValue());
  }

  private static String describe(Tree t) {
    switch (t.getKind().name()) {
      case "SWITCH_EXPRESSION": return "a switch expression";
      default: return "this expression (" + t.getKind().name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
  }
}
