package org.await4j.processor.lower;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.sun.source.tree.BindingPatternTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParameterizedTypeTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import org.await4j.processor.Problem;
import org.await4j.processor.analyze.Jumps;

/**
 * Prints user code back from its source text, so it keeps its own shape, with the edits that
 * make it valid inside the state machine: hoisted locals become fields, {@code this} becomes
 * {@code self}, implicit members are qualified, type names go through JavaPoet's {@code $T} (so
 * imports follow), and jumps that leave the printed code become state transitions. Replaced
 * subtrees (spilled operands, awaited values) come in as {@code overrides}.
 */
public final class Slicer {
  /** What the slicer needs from the lowering that drives it. */
  interface Host {
    /** The field that holds a hoisted local, or null if the local stays a Java local. */
    String fieldOf(Element local);

    /** Code for leaving through {@code break} or {@code continue} to a lowered target, or null. */
    CodeBlock jumpTo(Tree target, boolean isContinue, boolean viaJava);

    /** The static field that holds the source class's assertion status. */
    String assertionsEnabled();

    /** A name for generated code that clashes with nothing in the body. */
    String freshName(String base);

    /** Code for {@code yield value;} out of a lowered switch expression, or null. */
    CodeBlock yieldTo(Tree switchExpression, CodeBlock value, boolean viaJava);

    /**
     * Code for {@code return value;} ({@code value} null for a bare return); {@code viaJava}
     * when the return leaves Java-level finally blocks or resources, which must run first.
     */
    CodeBlock returnWith(CodeBlock value, TreePath expression, boolean viaJava);

    /** A fresh final local holding {@code field}'s value now, declared before the current code. */
    String snapshot(String field, Element local);

    /** Whether {@code local} is assigned anywhere inside the tree at {@code path}. */
    boolean assignedWithin(Element local, TreePath path);

    /** Reports at {@code tree} and abandons the method. */
    RuntimeException fail(Problem problem, Tree tree, Object... args);

    /** The field that holds a jump waiting for Java finally blocks to run, or null if none. */
    String pendingJumpField();

    /** Gives up the fast path, if this lowering writes one, saying why. */
    void notFast(String why);

    /** Whether {@code tree} holds a suspension point (the lowering splits such trees itself). */
    boolean suspends(Tree tree);
  }

  private final MethodContext ctx;
  private final Host host;
  /** The printing of the code around a part printed inside it (in a lambda, say), or null. */
  private Edits enclosing;
  /** Pattern variables in scope from the code around a part that is printed on its own. */
  private Set<Element> inheritedBindings = Set.of();
  private final String source;
  private final SourcePositions positions;

  /** The accessors this printing names (a check's own, thrown away with its output). */
  private PrivateAccessors accessors;
  /** Whether a failure skips the tree it is in and the printing goes on: see {@link #check}. */
  private boolean tolerant;

  Slicer(MethodContext ctx, Host host) {
    this.ctx = ctx;
    this.host = host;
    this.accessors = ctx.privateAccessors;
    this.source = ctx.source;
    this.positions = ctx.trees.getSourcePositions();
  }

  CodeBlock slice(TreePath root) {
    return slice(root, Map.of());
  }

  /**
   * Prints {@code body} only for the failures the host reports: each failing tree is skipped
   * and the printing goes on, so that every problem is reported in one compile.
   */
  void check(TreePath body) {
    tolerant = true;
    accessors = new PrivateAccessors(ctx);
    try {
      slice(body);
    } catch (Lowerer.Abort reported) {
      // the body itself failed; what it contained was reported
    } finally {
      tolerant = false;
      accessors = ctx.privateAccessors;
    }
  }

  CodeBlock slice(TreePath root, Map<Tree, CodeBlock> overrides) {
    return slice(root, overrides, List.of());
  }

  /** A replacement of a source range that is not one tree (a case body with its semicolon). */
  static final class Range {
    final long start;
    final long end;
    final CodeBlock code;

    Range(long start, long end, CodeBlock code) {
      this.start = start;
      this.end = end;
      this.code = code;
    }
  }

  /** A local type declaration printed as a member of the machine: captured locals are fields. */
  CodeBlock sliceMoved(TreePath root) {
    return slice(root, Map.of(), List.of(), true);
  }

  CodeBlock slice(TreePath root, Map<Tree, CodeBlock> overrides, List<Range> ranges) {
    return slice(root, overrides, ranges, false);
  }

  private CodeBlock slice(TreePath root, Map<Tree, CodeBlock> overrides, List<Range> ranges,
      boolean moved) {
    Tree tree = root.getLeaf();
    if (overrides.containsKey(tree)) {
      return overrides.get(tree);
    }
    long start = start(tree);
    long end = end(tree);
    Edits collector = new Edits(root, overrides, ranges, moved);
    if (enclosing != null) {
      collector.continueFrom(enclosing);
    }
    List<Edit> edits = collector.collect();
    for (Range r : ranges) {
      edits.add(new Edit(r.start, r.end, r.code));
    }
    // by start; of edits starting together the widest first, so that it wins
    edits.sort(Comparator.comparingLong((Edit e) -> e.start)
        .thenComparingInt(e -> e.end == e.start ? 0 : 1)
        .thenComparing(Comparator.comparingLong((Edit e) -> e.end).reversed()));
    int indent = indentOf(start);
    CodeBlock.Builder out = CodeBlock.builder();
    long pos = start;
    for (Edit e : edits) {
      if (e.start < pos) {
        continue; // nested inside an earlier edit
      }
      out.add("$L", dedent(source.substring((int) pos, (int) e.start), indent));
      // the code's own lines go in as deep as the source line it replaces (two spaces a level)
      int depth = Math.max(0, indentOf(e.start) - indent) / 2;
      out.add("$>".repeat(depth)).add(e.code).add("$<".repeat(depth));
      pos = e.end;
    }
    out.add("$L", dedent(source.substring((int) pos, (int) end), indent));
    return out.build();
  }

  /** The position just past {@code tree} and the semicolon that ends it, if one follows. */
  long endWithSemicolon(Tree tree) {
    int i = (int) end(tree);
    int j = i;
    while (j < source.length() && Character.isWhitespace(source.charAt(j))) {
      j++;
    }
    return j < source.length() && source.charAt(j) == ';' ? j + 1 : i;
  }

  /** The plain source text of a tree. */
  String sourceOf(Tree t) {
    return source.substring((int) start(t), (int) end(t));
  }

  long start(Tree t) {
    return positions.getStartPosition(ctx.unit, t);
  }

  long end(Tree t) {
    long end = positions.getEndPosition(ctx.unit, t);
    if (end < 0) {
      throw host.fail(Problem.INTERNAL, t, "no end position for " + t.getKind());
    }
    return end;
  }

  private int indentOf(long pos) {
    int lineStart = source.lastIndexOf('\n', (int) pos - 1) + 1;
    int i = lineStart;
    while (i < source.length() && (source.charAt(i) == ' ' || source.charAt(i) == '\t')) {
      i++;
    }
    return i - lineStart;
  }

  /** Removes the statement's own indentation from continuation lines; JavaPoet adds its own. */
  private static String dedent(String text, int indent) {
    if (text.indexOf('\n') < 0) {
      return text;
    }
    StringBuilder b = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      b.append(c);
      i++;
      if (c == '\n') {
        int skipped = 0;
        while (skipped < indent && i < text.length()
            && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
          i++;
          skipped++;
        }
      }
    }
    return b.toString();
  }

  private static final class Edit {
    final long start;
    final long end;
    final CodeBlock code;

    Edit(long start, long end, CodeBlock code) {
      this.start = start;
      this.end = end;
      this.code = code;
    }
  }

  /** One pass over the printed tree, collecting edits. */
  private final class Edits extends TreePathScanner<Void, Void> {
    private final TreePath root;
    private final Map<Tree, CodeBlock> overrides;
    private final List<Range> ranges;
    private final List<Edit> edits = new ArrayList<>();
    private final Deque<TypeElement> nestedClasses = new ArrayDeque<>();
    private final Set<Tree> keep = new HashSet<>();
    private final Set<Element> declaredBindings = new HashSet<>();
    private int lambdaDepth;

    private final boolean moved;
    /** The printed code whose assignments decide whether a captured local may be copied. */
    private TreePath scope;

    Edits(TreePath root, Map<Tree, CodeBlock> overrides, List<Range> ranges, boolean moved) {
      declaredBindings.addAll(inheritedBindings);
      this.root = root;
      this.scope = root;
      this.overrides = overrides;
      this.ranges = ranges;
      this.moved = moved;
    }

    List<Edit> collect() {
      scan(root, null);
      return edits;
    }

    /**
     * Whether a return at {@code path} leaves a try of the printed code that has a finally or
     * resources: then Java must run those before the machine completes.
     */
    private boolean insideJavaFinally(TreePath path) {
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

    /**
     * A part printed on its own (a return's value, an assert's condition), inside this code:
     * the pattern variables bound so far here are in scope there too.
     */
    /** A part printed within this code (an operand of an accessor): lambdas, classes, scope. */
    private CodeBlock within(TreePath part) {
      Edits outer = enclosing;
      enclosing = this;
      try {
        return nested(part);
      } finally {
        enclosing = outer;
      }
    }

    void continueFrom(Edits outer) {
      lambdaDepth = outer.lambdaDepth;
      nestedClasses.addAll(outer.nestedClasses);
      keep.addAll(outer.keep);
      scope = outer.scope;
    }

    private CodeBlock nested(TreePath part) {
      Set<Element> outer = inheritedBindings;
      inheritedBindings = new HashSet<>(declaredBindings);
      try {
        return slice(part, overrides);
      } finally {
        inheritedBindings = outer;
      }
    }

    /** Statements standing for one statement: in braces, unless they are the whole slice. */
    private CodeBlock statements(Tree node, CodeBlock code) {
      return node == root.getLeaf() ? code : CodeBlock.of("{\n$>$L$<}", code);
    }

    private void replace(Tree t, CodeBlock code) {
      edits.add(new Edit(start(t), end(t), code));
    }

    @Override
    public Void scan(Tree tree, Void v) {
      if (!tolerant) {
        return scanOne(tree, v);
      }
      try {
        return scanOne(tree, v);
      } catch (Lowerer.Abort reported) {
        return null; // reported: the check goes on with the next tree
      }
    }

    private Void scanOne(Tree tree, Void v) {
      if (tree != null && tree != root.getLeaf() && overrides.containsKey(tree)) {
        replace(tree, overrides.get(tree));
        return null;
      }
      if (tree != null && tree != root.getLeaf()
          && positions.getEndPosition(ctx.unit, tree) < 0) {
        return null; // synthetic: a default constructor, a record's implicit members
      }
      if (tree != null && !ranges.isEmpty()) {
        long s = start(tree);
        for (Range r : ranges) {
          if (s >= r.start && s < r.end) {
            return null; // replaced as a whole
          }
        }
      }
      return super.scan(tree, v);
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
      lambdaDepth++;
      try {
        return super.visitLambdaExpression(node, v);
      } finally {
        lambdaDepth--;
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

    @Override
    public Void visitReturn(ReturnTree node, Void v) {
      if (lambdaDepth > 0 || !nestedClasses.isEmpty()) {
        return super.visitReturn(node, v);
      }
      TreePath expression = node.getExpression() == null ? null
          : new TreePath(getCurrentPath(), node.getExpression());
      CodeBlock value = expression == null ? null : nested(expression);
      replace(node, statements(node,
          host.returnWith(value, expression, insideJavaFinally(getCurrentPath()))));
      return null;
    }

    @Override
    public Void visitTry(com.sun.source.tree.TryTree node, Void v) {
      // try (r) needs an effectively final variable; a local that lives in a field is not one
      for (Tree resource : node.getResources()) {
        if (resource instanceof IdentifierTree) {
          Element e = ctx.trees.getElement(new TreePath(getCurrentPath(), resource));
          String field = e == null ? null : host.fieldOf(e);
          if (field != null) {
            // the end position of a resource runs to its ';': replace just the name
            long from = start(resource);
            edits.add(new Edit(from, from + ((IdentifierTree) resource).getName().length(),
                CodeBlock.of("var $L = $L", host.freshName(field + "Resource"), field)));
          }
        }
      }
      super.visitTry(node, v);
      String pending = host.pendingJumpField();
      if (pending != null && !node.getCatches().isEmpty() && containsJump(node)) {
        // a jump out of this try waits for Java's closes and finally blocks; if one of them
        // throws and a catch here takes the exception, the jump is off
        for (com.sun.source.tree.CatchTree c : node.getCatches()) {
          long open = start(c.getBlock()) + 1;
          edits.add(new Edit(open, open, CodeBlock.of(" $L = -1;", pending)));
        }
      }
      return null;
    }

    private boolean containsJump(com.sun.source.tree.TryTree node) {
      boolean[] found = {false};
      com.sun.source.util.TreeScanner<Void, Void> jumps = new com.sun.source.util.TreeScanner<>() {
        @Override
        public Void visitReturn(com.sun.source.tree.ReturnTree t, Void v) {
          found[0] = true;
          return null;
        }

        @Override
        public Void visitBreak(com.sun.source.tree.BreakTree t, Void v) {
          found[0] = true;
          return null;
        }

        @Override
        public Void visitContinue(com.sun.source.tree.ContinueTree t, Void v) {
          found[0] = true;
          return null;
        }

        @Override
        public Void visitYield(YieldTree t, Void v) {
          found[0] = true;
          return super.visitYield(t, v);
        }
      };
      jumps.scan(node.getResources(), null);
      jumps.scan(node.getBlock(), null);
      return found[0];
    }

    @Override
    public Void visitInstanceOf(InstanceOfTree node, Void v) {
      Tree pattern = node.getPattern();
      if (pattern != null) {
        // Pattern variables that live in fields: keep the pattern as it is (its variables stay
        // Java locals in this expression) and copy each one to its field once it matched.
        List<String> copies = new ArrayList<>();
        new TreePathScanner<Void, Void>() {
          @Override
          public Void visitBindingPattern(BindingPatternTree b, Void unused) {
            Element e = ctx.trees.getElement(new TreePath(getCurrentPath(), b.getVariable()));
            String field = e == null ? null : host.fieldOf(e);
            if (field != null) {
              host.notFast("a pattern variable kept across an await");
              copies.add("bound(this." + field + " = " + b.getVariable().getName() + ")");
            }
            return super.visitBindingPattern(b, unused);
          }
        }.scan(new TreePath(getCurrentPath(), pattern), null);
        if (!copies.isEmpty()) {
          edits.add(new Edit(start(node), start(node), CodeBlock.of("(")));
          edits.add(new Edit(end(node), end(node),
              CodeBlock.of(" && $L)", String.join(" && ", copies))));
        }
      }
      return super.visitInstanceOf(node, v);
    }

    @Override
    public Void visitAssert(com.sun.source.tree.AssertTree node, Void v) {
      if (moved || lambdaDepth > 0 || !nestedClasses.isEmpty()) {
        return super.visitAssert(node, v);
      }
      TreePath here = getCurrentPath();
      CodeBlock condition = nested(new TreePath(here, node.getCondition()));
      CodeBlock failure = node.getDetail() == null
          ? CodeBlock.of("new $T()", AssertionError.class)
          : CodeBlock.of("new $T($L)", AssertionError.class,
              nested(new TreePath(here, node.getDetail())));
      replace(node, CodeBlock.of("if ($L && !($L)) throw $L;", host.assertionsEnabled(),
          condition, failure));
      return null;
    }

    @Override
    public Void visitYield(YieldTree node, Void v) {
      Tree target = Jumps.yieldTarget(getCurrentPath());
      if (target == null || Jumps.within(target, root)) {
        return super.visitYield(node, v);
      }
      CodeBlock value = nested(new TreePath(getCurrentPath(), node.getValue()));
      CodeBlock code = host.yieldTo(target, value, insideJavaFinally(getCurrentPath()));
      if (code == null) {
        throw host.fail(Problem.INTERNAL, node, "yield target was not lowered");
      }
      replace(node, statements(node, code));
      return null;
    }

    @Override
    public Void visitBreak(BreakTree node, Void v) {
      jump(Jumps.breakTarget(getCurrentPath()), false, node);
      return null;
    }

    @Override
    public Void visitContinue(ContinueTree node, Void v) {
      jump(Jumps.continueTarget(getCurrentPath()), true, node);
      return null;
    }

    private void jump(Tree target, boolean isContinue, Tree node) {
      if (target == null || Jumps.within(target, root)) {
        return; // stays inside the printed code: plain Java does it
      }
      CodeBlock code = host.jumpTo(target, isContinue, insideJavaFinally(getCurrentPath()));
      if (code == null) {
        throw host.fail(Problem.INTERNAL, node, "jump target was not lowered");
      }
      replace(node, statements(node, code));
    }

    @Override
    public Void visitNewClass(NewClassTree node, Void v) {
      Element constructor = ctx.trees.getElement(getCurrentPath());
      if (usesAccessor(constructor)) {
        TypeElement created = (TypeElement) constructor.getEnclosingElement();
        if (node.getClassBody() != null || node.getEnclosingExpression() != null
            || created.getNestingKind() == NestingKind.MEMBER
                && !created.getModifiers().contains(Modifier.STATIC)) {
          throw privateMember(node, created.getSimpleName() + "()",
              "a private constructor of an inner class or an anonymous subclass");
        }
        CodeBlock call = accessorCall(constructor, PrivateAccessors.Use.NEW, null,
            arguments(node.getArguments()));
        Tree id = node.getIdentifier();
        if (id instanceof ParameterizedTypeTree
            && !((ParameterizedTypeTree) id).getTypeArguments().isEmpty()) {
          // new Box<String>(x): the accessor gets the same type arguments
          List<CodeBlock> args = new ArrayList<>();
          for (Tree a : ((ParameterizedTypeTree) id).getTypeArguments()) {
            args.add(within(new TreePath(getCurrentPath(), a)));
          }
          call = CodeBlock.of("$T.<$L>$L", ctx.machine, CodeBlock.join(args, ", "), call);
        }
        replace(node, call);
        return null;
      }
      if (node.getEnclosingExpression() != null) {
        // outer.new Inner(): the name after new is relative to outer's class, never qualified
        Tree id = node.getIdentifier();
        keep.add(id instanceof ParameterizedTypeTree ? ((ParameterizedTypeTree) id).getType() : id);
      } else {
        // also inside a class of the body, unless that class is itself the enclosing instance
        // (found in commons-collections4's MultiValueMap.iterator)
        Element created = ctx.trees.getElement(new TreePath(getCurrentPath(), node.getIdentifier()));
        CodeBlock holder = created instanceof TypeElement && isInnerMember((TypeElement) created)
            ? instanceWith(created) : null;
        if (holder != null
            && nestedClasses.stream().noneMatch(c -> ctx.elements.getAllMembers(c).contains(created))) {
          edits.add(new Edit(start(node), start(node), CodeBlock.of("$L.", holder)));
          Tree id = node.getIdentifier();
          keep.add(id instanceof ParameterizedTypeTree ? ((ParameterizedTypeTree) id).getType() : id);
        }
      }
      return super.visitNewClass(node, v);
    }

    @Override
    public Void visitMemberSelect(MemberSelectTree node, Void v) {
      String name = node.getIdentifier().toString();
      if (name.equals("this") || name.equals("super")) {
        Element outer = ctx.trees.getElement(new TreePath(getCurrentPath(), node.getExpression()));
        boolean isSelf = outer != null && outer.equals(ctx.type);
        if (name.equals("super")) {
          throw host.fail(Problem.SUPER_CALL, node);
        }
        if (isSelf && !ctx.isStatic) {
          replace(node, CodeBlock.of("self"));
          return null;
        }
        if (!nestedClasses.isEmpty() && nestedClasses.contains(outer)) {
          return null;
        }
        CodeBlock enclosing = outer instanceof TypeElement ? instanceOf((TypeElement) outer) : null;
        if (enclosing != null) {
          replace(node, enclosing); // Outer.this: the inner object's enclosing instance
          return null;
        }
        throw host.fail(Problem.ENCLOSING_INSTANCE, node, node);
      }
      Element e = ctx.trees.getElement(getCurrentPath());
      if (isRecordComponentField(e)) {
        CodeBlock owner = within(new TreePath(getCurrentPath(), node.getExpression()));
        replace(node, CodeBlock.of("$L.$L()", owner, name));
        return null;
      }
      if (e != null && e.getKind() == ElementKind.FIELD && usesAccessor(e)) {
        CodeBlock constant = constant(e);
        replace(node, constant != null ? constant
            : accessorCall(e, PrivateAccessors.Use.GET, receiver(getCurrentPath(), e)));
        return null;
      }
      checkAccess(e, node);
      return super.visitMemberSelect(node, v);
    }

    @Override
    public Void visitMemberReference(com.sun.source.tree.MemberReferenceTree node, Void v) {
      Element e = ctx.trees.getElement(getCurrentPath());
      if (!usesAccessor(e)) {
        return super.visitMemberReference(node, v);
      }
      // Source::parse, this::parse, Node::new: the same lambda over the accessor
      ExecutableElement m = (ExecutableElement) e;
      TreePath qualifier = new TreePath(getCurrentPath(), node.getQualifierExpression());
      boolean unbound = ctx.trees.getElement(qualifier) instanceof TypeElement;
      CodeBlock receiver = null;
      if (m.getModifiers().contains(Modifier.STATIC) || m.getKind() == ElementKind.CONSTRUCTOR) {
        unbound = false;
      } else if (!unbound) {
        if (!isThisOfSelf(qualifier)) {
          // evaluated once where the reference is made: only the instance itself is that simple
          throw privateMember(node, e.getSimpleName(), "a method reference on a computed receiver"
              + " (write a lambda)");
        }
        receiver = CodeBlock.of("self");
      }
      if (m.isVarArgs()) {
        throw privateMember(node, e.getSimpleName(), "a method reference to a varargs method"
            + " (write a lambda)");
      }
      List<CodeBlock> parameters = new ArrayList<>();
      int count = m.getParameters().size() + (unbound ? 1 : 0);
      for (int i = 0; i < count; i++) {
        parameters.add(CodeBlock.of("$L", host.freshName("p")));
      }
      List<CodeBlock> arguments = new ArrayList<>(parameters);
      if (unbound) {
        receiver = arguments.remove(0);
      }
      CodeBlock call = accessorCall(e, m.getKind() == ElementKind.CONSTRUCTOR
          ? PrivateAccessors.Use.NEW : PrivateAccessors.Use.CALL, receiver, arguments);
      replace(node, CodeBlock.of("($L) -> $L", CodeBlock.join(parameters, ", "), call));
      return null;
    }

    @Override
    public Void visitMethodInvocation(com.sun.source.tree.MethodInvocationTree node, Void v) {
      Element e = ctx.trees.getElement(getCurrentPath());
      if (isSuperOfSelf(node.getMethodSelect()) && e instanceof ExecutableElement) {
        // super.m(...): the superclass's method on self, not dispatched to the override
        replace(node, accessorCall(e, PrivateAccessors.Use.SUPER, CodeBlock.of("self"),
            arguments(node.getArguments())));
        return null;
      }
      if (!usesAccessor(e)) {
        return super.visitMethodInvocation(node, v);
      }
      if (!node.getTypeArguments().isEmpty()) {
        throw privateMember(node, e.getSimpleName(), "a call with explicit type arguments");
      }
      TreePath select = new TreePath(getCurrentPath(), node.getMethodSelect());
      replace(node, accessorCall(e, PrivateAccessors.Use.CALL, receiver(select, e),
          arguments(node.getArguments())));
      return null;
    }

    @Override
    public Void visitAssignment(com.sun.source.tree.AssignmentTree node, Void v) {
      TreePath variable = new TreePath(getCurrentPath(), node.getVariable());
      Element e = ctx.trees.getElement(variable);
      if (e == null || e.getKind() != ElementKind.FIELD || !usesAccessor(e)) {
        return super.visitAssignment(node, v);
      }
      TreePath value = new TreePath(getCurrentPath(), node.getExpression());
      replace(node, store(e, receiver(variable, e),
          converted(e, ctx.trees.getTypeMirror(value), within(value))));
      return null;
    }

    @Override
    public Void visitCompoundAssignment(com.sun.source.tree.CompoundAssignmentTree node, Void v) {
      TreePath variable = new TreePath(getCurrentPath(), node.getVariable());
      Element e = ctx.trees.getElement(variable);
      if (e == null || e.getKind() != ElementKind.FIELD || !usesAccessor(e)) {
        return super.visitCompoundAssignment(node, v);
      }
      CodeBlock receiver = receiver(variable, e);
      if (receiver != null && !isPlain(node.getVariable()) && !host.suspends(node.getExpression())) {
        // Java reads the field before the right side; the receiver would be computed twice
        throw privateMember(node, e.getSimpleName(),
            "a compound assignment through a computed receiver (assign it to a local first)");
      }
      CodeBlock old = accessorCall(e, PrivateAccessors.Use.GET, receiver);
      CodeBlock operand = within(new TreePath(getCurrentPath(), node.getExpression()));
      replace(node, store(e, receiver, compound(e, CodeBlock.of("$L $L ($L)", old,
          ExpressionLowering.operator(node.getKind()), operand))));
      return null;
    }

    @Override
    public Void visitUnary(com.sun.source.tree.UnaryTree node, Void v) {
      PrivateAccessors.Use use = step(node.getKind());
      TreePath variable = new TreePath(getCurrentPath(), node.getExpression());
      Element e = use == null ? null : ctx.trees.getElement(variable);
      if (e == null || e.getKind() != ElementKind.FIELD || !usesAccessor(e)) {
        return super.visitUnary(node, v);
      }
      replace(node, accessorCall(e, use, receiver(variable, e)));
      return null;
    }

    /** Whether {@code e} is a private member reached through an accessor from this code. */
    private boolean usesAccessor(Element e) {
      if (!accessors.reaches(e)) {
        return false;
      }
      for (TypeElement nested : nestedClasses) {
        if (ctx.elements.getAllMembers(nested).contains(e)) {
          return false; // a member of the anonymous or local class itself
        }
      }
      return true;
    }

    CodeBlock storeOf(TreePath variable, Element e, CodeBlock value) {
      return store(e, receiver(variable, e), value);
    }

    /** {@code set$f(receiver, value)}. */
    private CodeBlock store(Element field, CodeBlock receiver, CodeBlock value) {
      return accessorCall(field, PrivateAccessors.Use.SET, receiver, List.of(value));
    }

    private CodeBlock accessorCall(Element member, PrivateAccessors.Use use, CodeBlock receiver) {
      return accessorCall(member, use, receiver, List.of());
    }

    private CodeBlock accessorCall(Element member, PrivateAccessors.Use use, CodeBlock receiver,
        List<CodeBlock> arguments) {
      List<CodeBlock> all = new ArrayList<>();
      if (receiver != null) {
        all.add(receiver);
      }
      all.addAll(arguments);
      return CodeBlock.of("$L($L)", accessors.accessor(member, use),
          CodeBlock.join(all, ", "));
    }

    private List<CodeBlock> arguments(List<? extends Tree> arguments) {
      List<CodeBlock> codes = new ArrayList<>();
      for (Tree a : arguments) {
        codes.add(within(new TreePath(getCurrentPath(), a)));
      }
      return codes;
    }

    /**
     * The printed receiver of an instance member named at {@code path} (a name or a select);
     * null for a static member.
     */
    private CodeBlock receiver(TreePath path, Element e) {
      if (e.getModifiers().contains(Modifier.STATIC)) {
        return null;
      }
      if (path.getLeaf() instanceof IdentifierTree) {
        return implicitReceiver(path.getLeaf(), e);
      }
      Tree expression = ((MemberSelectTree) path.getLeaf()).getExpression();
      TreePath expressionPath = new TreePath(path, expression);
      if (isThisOfSelf(expressionPath)) {
        return CodeBlock.of("self");
      }
      return within(expressionPath);
    }

    /** The receiver of a member named without one: the source instance, {@code self}. */
    private CodeBlock implicitReceiver(Tree node, Element e) {
      if (e.getModifiers().contains(Modifier.STATIC)) {
        return null;
      }
      CodeBlock instance = instanceWith(e);
      if (instance == null) {
        throw host.fail(Problem.ENCLOSING_INSTANCE, node, e.getSimpleName());
      }
      return instance;
    }

    /** {@code this} or {@code Source.this} meaning the instance the @Async method runs on. */
    private boolean isThisOfSelf(TreePath path) {
      Tree t = path.getLeaf();
      if (t instanceof IdentifierTree) {
        return ((IdentifierTree) t).getName().contentEquals("this") && nestedClasses.isEmpty()
            && !ctx.isStatic;
      }
      if (t instanceof MemberSelectTree
          && ((MemberSelectTree) t).getIdentifier().contentEquals("this")) {
        Element outer = ctx.trees.getElement(new TreePath(path, ((MemberSelectTree) t).getExpression()));
        return outer != null && outer.equals(ctx.type) && !ctx.isStatic;
      }
      return false;
    }

    /**
     * {@code super.m} or {@code Iface.super.m} in the @Async method's own code (not in a class
     * of the body, whose super is its own).
     */
    private boolean isSuperOfSelf(Tree select) {
      if (!(select instanceof MemberSelectTree) || !nestedClasses.isEmpty() || ctx.isStatic) {
        return false;
      }
      Tree x = ((MemberSelectTree) select).getExpression();
      if (x instanceof IdentifierTree) {
        return ((IdentifierTree) x).getName().contentEquals("super");
      }
      if (x instanceof MemberSelectTree && ((MemberSelectTree) x).getIdentifier().contentEquals("super")) {
        Element qualifier = ctx.trees.getElement(new TreePath(new TreePath(getCurrentPath(), x),
            ((MemberSelectTree) x).getExpression()));
        return qualifier instanceof TypeElement
            && ((TypeElement) qualifier).getKind() == ElementKind.INTERFACE;
      }
      return false;
    }

    /** A name, {@code this}, or a select of them: computing it twice gives the same object. */
    private boolean isPlain(Tree variable) {
      if (variable instanceof IdentifierTree) {
        return true;
      }
      Tree x = ((MemberSelectTree) variable).getExpression();
      return x instanceof IdentifierTree || overrides.containsKey(x)
          || x instanceof MemberSelectTree && ((MemberSelectTree) x).getIdentifier().contentEquals("this");
    }

    private RuntimeException privateMember(Tree node, CharSequence name, String why) {
      return host.fail(Problem.PRIVATE_MEMBER, node, name, ctx.machine.simpleName(), why, name);
    }

    @Override
    public Void visitIdentifier(IdentifierTree node, Void v) {
      if (keep.contains(node)) {
        return null;
      }
      String name = node.getName().toString();
      if (name.equals("super")) {
        if (nestedClasses.isEmpty()) {
          throw host.fail(Problem.SUPER_CALL, node);
        }
        return null; // the anonymous or local class's own superclass
      }
      if (name.equals("this")) {
        if (nestedClasses.isEmpty()) {
          replace(node, CodeBlock.of("self"));
        }
        return null;
      }
      Element e = ctx.trees.getElement(getCurrentPath());
      if (e == null) {
        return null;
      }
      switch (e.getKind()) {
        case LOCAL_VARIABLE: case PARAMETER: case EXCEPTION_PARAMETER: case RESOURCE_VARIABLE:
          local(node, e);
          return null;
        case FIELD: case METHOD: case ENUM_CONSTANT:
          member(node, e);
          return null;
        case CLASS: case INTERFACE: case ENUM: case ANNOTATION_TYPE:
          type(node, (TypeElement) e);
          return null;
        default:
          if (e.getKind().name().equals("RECORD")) {
            type(node, (TypeElement) e);
          } else if (e.getKind().name().equals("BINDING_VARIABLE") && host.fieldOf(e) != null) {
            local(node, e);
          } else if (e.getKind().name().equals("BINDING_VARIABLE")
              && !declaredBindings.contains(e)) {
            throw host.fail(Problem.BINDING_IN_SUSPENDING_CONDITION, node);
          }
          return null;
      }
    }

    private void local(IdentifierTree node, Element e) {
      String field = host.fieldOf(e);
      if (field == null || declaredBindings.contains(e)) {
        return; // a Java local, or a pattern variable bound right here (a case label)
      }
      boolean captured = lambdaDepth > 0 || !nestedClasses.isEmpty();
      if (moved) {
        captured = false; // a member of the machine reads the field itself
      }
      if (captured && !host.assignedWithin(e, scope)) {
        replace(node, CodeBlock.of("$L", host.snapshot(field, e)));
        return;
      }
      if (captured) {
        // reads the field itself: a plain local of the fast path would not be effectively final
        host.notFast("a lambda or class in the body reads a local that the body assigns");
      }
      if (!field.equals(node.getName().toString())) {
        replace(node, CodeBlock.of("$L", field));
      }
    }

    private void member(IdentifierTree node, Element e) {
      Tree parent = getCurrentPath().getParentPath().getLeaf();
      if (e.getKind() == ElementKind.ENUM_CONSTANT && ((parent instanceof com.sun.source.tree.CaseTree
              && ((com.sun.source.tree.CaseTree) parent).getExpressions().contains(node))
          || parent.getKind().name().equals("CONSTANT_CASE_LABEL"))) {
        return; // enum constants in case labels must stay unqualified (not an arrow's body);
        // a constant field is qualified like any other read (C.QUOTE is still a constant)
      }
      if (isRecordComponentField(e) && nestedClasses.isEmpty() && !ctx.isStatic) {
        replace(node, CodeBlock.of("self.$L()", node.getName()));
        return;
      }
      if (e.getKind() == ElementKind.FIELD && usesAccessor(e)) {
        CodeBlock constant = constant(e);
        replace(node, constant != null ? constant
            : accessorCall(e, PrivateAccessors.Use.GET, implicitReceiver(node, e)));
        return;
      }
      checkAccess(e, node);
      TypeElement owner = (TypeElement) e.getEnclosingElement();
      for (TypeElement nested : nestedClasses) {
        if (ctx.elements.getAllMembers(nested).contains(e)) {
          return; // a member of the anonymous or local class itself
        }
      }
      if (isLocal(owner)) {
        return;
      }
      if (e.getModifiers().contains(Modifier.STATIC)) {
        replace(node, CodeBlock.of("$T.$L", ClassName.get(owner), node.getName()));
        return;
      }
      CodeBlock instance = instanceWith(e);
      if (instance == null) {
        throw host.fail(Problem.ENCLOSING_INSTANCE, node, node.getName());
      }
      replace(node, CodeBlock.of("$L.$L", instance, node.getName()));
    }

    private void type(IdentifierTree node, TypeElement t) {
      if (isLocalAnywhere(t)) { // named as written, inside the local or anonymous class copied
        return;
      }
      if (isPrivateToUser(t)) {
        throw privateMember(node, node.getName(), "a private class cannot be named from it");
      }
      replace(node, CodeBlock.of("$T", ClassName.get(t)));
    }

    private void checkAccess(Element e, Tree node) {
      if (e == null || e.getKind() == ElementKind.PACKAGE) {
        return;
      }
      for (TypeElement nested : nestedClasses) {
        if (ctx.elements.getAllMembers(nested).contains(e)) {
          return;
        }
      }
      if (isPrivateToUser(e)) {
        throw privateMember(node, e.getSimpleName(), accessors.reaches(e)
            ? "this use of it is not reached through an accessor yet"
            : "it belongs to a private class, which cannot be named from it");
      }
      if (e.getModifiers().contains(Modifier.PROTECTED)
          && !ctx.elements.getPackageOf(e).equals(ctx.elements.getPackageOf(ctx.type))) {
        throw host.fail(Problem.PROTECTED_MEMBER, node, e.getSimpleName());
      }
    }

    private boolean isPrivateToUser(Element e) {
      if (!e.getModifiers().contains(Modifier.PRIVATE)) {
        return false;
      }
      return !isLocalAnywhere(e);
    }

    private boolean isLocalAnywhere(Element e) {
      for (Element x = e; x != null && x.getKind() != ElementKind.PACKAGE; x = x.getEnclosingElement()) {
        if (x instanceof TypeElement && isLocal((TypeElement) x)) {
          return true;
        }
      }
      return false;
    }

    private boolean isInnerMember(TypeElement created) {
      return created.getNestingKind() == NestingKind.MEMBER
          && !created.getModifiers().contains(Modifier.STATIC)
          && created.getKind() == ElementKind.CLASS;
    }
  }

  /**
   * The instance that has {@code member}: {@code self}, or an enclosing instance of it
   * ({@code enclosing$Inner(self)}) for a member of a class around an inner class; null if
   * none (a static method, or a static class in between).
   */
  CodeBlock instanceWith(Element member) {
    return instance(t -> ctx.elements.getAllMembers(t).contains(member)
        || member.getEnclosingElement().equals(t));
  }

  /** {@code Outer.this}: self or the enclosing instance of that class; null if none. */
  CodeBlock instanceOf(TypeElement type) {
    return instance(t -> t.equals(type));
  }

  private CodeBlock instance(java.util.function.Predicate<TypeElement> wanted) {
    if (ctx.isStatic) {
      return null;
    }
    CodeBlock code = CodeBlock.of("self");
    for (TypeElement t = ctx.type; ; t = (TypeElement) t.getEnclosingElement()) {
      if (wanted.test(t)) {
        return code;
      }
      if (t.getNestingKind() != NestingKind.MEMBER || t.getModifiers().contains(Modifier.STATIC)
          || t.getKind() != ElementKind.CLASS || !(t.getEnclosingElement() instanceof TypeElement)) {
        return null;
      }
      code = CodeBlock.of("$L($L)", accessors.accessor(t, PrivateAccessors.Use.ENCLOSING), code);
    }
  }

  /**
   * A private constant ({@code private static final char QUOTE = '\''}) as the constant
   * expression javac would have put in its place: still a constant (case labels need one).
   */
  private static CodeBlock constantLiteral(Element field) {
    Object v = ((javax.lang.model.element.VariableElement) field).getConstantValue();
    if (v == null) {
      return null;
    }
    if (v instanceof String) {
      return CodeBlock.of("$S", v);
    }
    if (v instanceof Character) {
      return CodeBlock.of("(char) $L", (int) (Character) v);
    }
    if (v instanceof Byte || v instanceof Short) {
      return CodeBlock.of("($L) $L", v instanceof Byte ? "byte" : "short", v);
    }
    if (v instanceof Long) {
      return CodeBlock.of("$LL", v);
    }
    if (v instanceof Float) {
      float f = (Float) v;
      return Float.isNaN(f) ? CodeBlock.of("(0.0f / 0.0f)")
          : Float.isInfinite(f) ? CodeBlock.of(f > 0 ? "(1.0f / 0.0f)" : "(-1.0f / 0.0f)")
          : CodeBlock.of("$Lf", Float.toString(f));
    }
    if (v instanceof Double) {
      double d = (Double) v;
      return Double.isNaN(d) ? CodeBlock.of("(0.0d / 0.0d)")
          : Double.isInfinite(d) ? CodeBlock.of(d > 0 ? "(1.0d / 0.0d)" : "(-1.0d / 0.0d)")
          : CodeBlock.of("$Ld", Double.toString(d));
    }
    return CodeBlock.of("$L", v); // int, boolean
  }

  /** {@link #constantLiteral}, in parentheses where it is negative ({@code x - -1}). */
  static CodeBlock constant(Element field) {
    CodeBlock c = constantLiteral(field);
    return c != null && c.toString().startsWith("-") ? CodeBlock.of("($L)", c) : c;
  }

  private static PrivateAccessors.Use step(Tree.Kind kind) {
    switch (kind) {
      case PREFIX_INCREMENT: return PrivateAccessors.Use.PRE_INCREMENT;
      case PREFIX_DECREMENT: return PrivateAccessors.Use.PRE_DECREMENT;
      case POSTFIX_INCREMENT: return PrivateAccessors.Use.POST_INCREMENT;
      case POSTFIX_DECREMENT: return PrivateAccessors.Use.POST_DECREMENT;
      default: return null;
    }
  }

  /**
   * A value stored into a private field through its setter: method invocation does not narrow
   * constants as assignment does ({@code byte b = 5}), so a primitive of another type is cast.
   */
  private CodeBlock converted(Element field, javax.lang.model.type.TypeMirror valueType,
      CodeBlock value) {
    javax.lang.model.type.TypeMirror target = primitiveOf(field.asType());
    if (target == null || valueType == null || !valueType.getKind().isPrimitive()
        || ctx.types.isSameType(target, valueType)) {
      return value;
    }
    return CodeBlock.of("($T) ($L)", com.palantir.javapoet.TypeName.get(target), value);
  }

  /** The value of a compound assignment, cast back to the field's type as Java does. */
  private CodeBlock compound(Element field, CodeBlock combined) {
    javax.lang.model.type.TypeMirror target = primitiveOf(field.asType());
    if (target == null) {
      return combined; // a String: += concatenates
    }
    return CodeBlock.of("($T) ($L)", com.palantir.javapoet.TypeName.get(target), combined);
  }

  private javax.lang.model.type.TypeMirror primitiveOf(javax.lang.model.type.TypeMirror t) {
    if (t.getKind().isPrimitive()) {
      return t;
    }
    try {
      return ctx.types.unboxedType(t);
    } catch (IllegalArgumentException notABox) {
      return null;
    }
  }

  /**
   * {@code variable = value} for the Lowerer's own stores (after a suspension): a private field
   * through its setter.
   */
  CodeBlock assign(TreePath variable, Map<Tree, CodeBlock> parts, CodeBlock value) {
    Element e = ctx.trees.getElement(variable);
    if (e != null && e.getKind() == ElementKind.FIELD && accessors.reaches(e)) {
      return new Edits(variable, parts, List.of(), false).storeOf(variable, e, value);
    }
    return CodeBlock.of("$L = $L", slice(variable, parts), value);
  }

  /** A record's private component field, read through its public accessor instead. */
  static boolean isRecordComponentField(Element e) {
    return e != null && e.getKind() == ElementKind.FIELD
        && e.getModifiers().contains(Modifier.PRIVATE)
        && !e.getModifiers().contains(Modifier.STATIC)
        && e.getEnclosingElement().getKind().name().equals("RECORD");
  }

  static boolean isLocal(TypeElement t) {
    return t.getNestingKind() == NestingKind.LOCAL || t.getNestingKind() == NestingKind.ANONYMOUS;
  }
}
