package org.await4j.processor.lower;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParameterizedTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import org.await4j.processor.Problem;
import org.await4j.processor.find.Names;
import org.await4j.processor.find.Unnameable;

/**
 * The edits of member access: hoisted locals become fields, {@code this} becomes {@code self},
 * implicit members are qualified, private members go through accessors, constants are inlined.
 */
abstract class AccessEdits extends SelfReferences {
  AccessEdits(Slicer slicer, TreePath root, Map<Tree, CodeBlock> overrides,
      List<Slicer.Range> ranges, boolean moved) {
    super(slicer, root, overrides, ranges, moved);
  }

  @Override
  public Void visitNewClass(NewClassTree node, Void v) {
    if (madeNotThrown(getCurrentPath(), node)) {
      // its trace would show the machine's frames: made() gives it the user's (a thrown one
      // gets them on its way out, so a throw is left as it is)
      replace(node, wrapped(getCurrentPath(), EditScanner::made));
      return null;
    }
    Element constructor = ctx.trees.getElement(getCurrentPath());
    if (usesAccessor(constructor)) {
      TypeElement created = (TypeElement) constructor.getEnclosingElement();
      if (node.getClassBody() != null) {
        throw privateMember(node, created.getSimpleName() + "()",
            "a private constructor of an anonymous subclass");
      }
      List<CodeBlock> args = new ArrayList<>();
      TypeElement enclosing = PrivateAccessors.enclosingOfInner(created);
      if (enclosing != null) {
        // new Inner() or outer.new Inner(): the enclosing instance goes first
        CodeBlock outer = node.getEnclosingExpression() != null
            ? within(new TreePath(getCurrentPath(), node.getEnclosingExpression()))
            : slicer.instanceOf(enclosing);
        if (outer == null) {
          throw host.fail(Problem.ENCLOSING_INSTANCE, node, created.getSimpleName());
        }
        args.add(outer);
      }
      args.addAll(arguments(node.getArguments()));
      CodeBlock call = accessorCall(constructor, PrivateAccessors.Use.NEW, null, null, args);
      Tree id = node.getIdentifier();
      if (id instanceof ParameterizedTypeTree
          && !((ParameterizedTypeTree) id).getTypeArguments().isEmpty()) {
        // new Box<String>(x): the accessor gets the same type arguments
        List<CodeBlock> typeArguments = new ArrayList<>();
        for (Tree a : ((ParameterizedTypeTree) id).getTypeArguments()) {
          typeArguments.add(within(new TreePath(getCurrentPath(), a)));
        }
        call = CodeBlock.of("$L.<$L>$L", Names.qualified(ctx.machine), CodeBlock.join(typeArguments, ", "), call);
      }
      replace(node, call);
      return null;
    }
    Tree diamond = node.getIdentifier();
    TypeMirror createdType = ctx.trees.getTypeMirror(getCurrentPath());
    com.palantir.javapoet.TypeName inferred = diamond instanceof ParameterizedTypeTree
        && ((ParameterizedTypeTree) diamond).getTypeArguments().isEmpty()
        ? TargetTypedArguments.diamondFor(ctx, getCurrentPath()) : null;
    if (inferred != null) {
      replace(diamond, CodeBlock.of("$T", inferred));
      keep.add(((ParameterizedTypeTree) diamond).getType());
    }
    if (diamond instanceof ParameterizedTypeTree
        && ((ParameterizedTypeTree) diamond).getTypeArguments().isEmpty()
        && createdType != null && Unnameable.mentioned(createdType) && node.getClassBody() == null) {
      // new EnumMap<>(State.class) over a private class: raw in the machine, as its holder is
      // (the diamond could infer nothing from the class's Class<?>)
      replace(diamond, CodeBlock.of("$T", TypeName.get(ctx.types.erasure(createdType))));
      keep.add(((ParameterizedTypeTree) diamond).getType());
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
          ? slicer.instanceWith(created) : null;
      if (holder != null
          && nestedClasses.stream().noneMatch(c -> ctx.elements.getAllMembers(c).contains(created))) {
        edits.add(new Slicer.Edit(slicer.start(node), slicer.start(node), CodeBlock.of("$L.", holder)));
        Tree id = node.getIdentifier();
        keep.add(id instanceof ParameterizedTypeTree ? ((ParameterizedTypeTree) id).getType() : id);
      }
    }
    return super.visitNewClass(node, v);
  }

  /**
   * A catch of a try printed as it is (no suspension inside) gets what it catches with the
   * user's frames, where it can read the trace: thrown in this body, it has the machine's.
   */
  @Override
  public Void visitCatch(com.sun.source.tree.CatchTree node, Void v) {
    TypeMirror caught = ctx.trees.getTypeMirror(new TreePath(getCurrentPath(), node.getParameter()));
    if (caught != null && !Unnameable.mentioned(ctx.types.erasure(caught))
        && !org.await4j.processor.analyze.CatchUses.messageOnly(getCurrentPath(), ctx.trees)) {
      long at = slicer.start(node.getBlock()) + 1; // after the block's brace
      edits.add(new Slicer.Edit(at, at,
          CodeBlock.of(" $L;", made(CodeBlock.of("$L", node.getParameter().getName())))));
    }
    return super.visitCatch(node, v);
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
      CodeBlock enclosingCode = outer instanceof TypeElement ? slicer.instanceOf((TypeElement) outer) : null;
      if (enclosingCode != null) {
        replace(node, enclosingCode); // Outer.this: the inner object's enclosing instance
        return null;
      }
      throw host.fail(Problem.ENCLOSING_INSTANCE, node, node);
    }
    if (name.equals("class")) {
      return super.visitMemberSelect(node, v); // Hand.class: a type named (see privateType)
    }
    Element e = ctx.trees.getElement(getCurrentPath());
    if (e != null && isField(e) && !e.getModifiers().contains(Modifier.STATIC)
        && isSuperIdentifier(new TreePath(getCurrentPath(), node.getExpression()))) {
      // super.in: the field the superclass declares (fields do not dispatch), on self
      TypeElement owner = (TypeElement) e.getEnclosingElement();
      replace(node, usesAccessor(e)
          ? accessorCall(e, PrivateAccessors.Use.GET, CodeBlock.of("self"), ctx.type.asType())
          : CodeBlock.of("(($T) self).$L", ctx.types.erasure(owner.asType()), name));
      return null;
    }
    if (e instanceof TypeElement && !Unnameable.nameable((TypeElement) e)
        && !isLocalAnywhere(e)) {
      privateType(getCurrentPath(), (TypeElement) e); // Main.Worker
      return null;
    }
    if (Slicer.isRecordComponentField(e)) {
      CodeBlock owner = within(new TreePath(getCurrentPath(), node.getExpression()));
      replace(node, CodeBlock.of("$L.$L()", owner, name));
      return null;
    }
    if (e != null && isField(e) && usesAccessor(e)) {
      CodeBlock constant = Slicer.constant(e);
      replace(node, constant != null ? constant
          : accessorCall(e, PrivateAccessors.Use.GET, receiver(getCurrentPath(), e),
              receiverType(getCurrentPath(), e)));
      return null;
    }
    checkAccess(e, node);
    return super.visitMemberSelect(node, v);
  }


  @Override
  public Void visitMethodInvocation(com.sun.source.tree.MethodInvocationTree node, Void v) {
    Element e = ctx.trees.getElement(getCurrentPath());
    if (isSuperOfSelf(node.getMethodSelect()) && e instanceof ExecutableElement) {
      // super.m(...): the superclass's method on self, not dispatched to the override
      replace(node, accessorCall(e, PrivateAccessors.Use.SUPER, CodeBlock.of("self"), ctx.type.asType(),
          arguments(node.getArguments())));
      return null;
    }
    TypeElement outer = node.getMethodSelect() instanceof MemberSelectTree
        ? outerOfSuper(new TreePath(new TreePath(getCurrentPath(), node.getMethodSelect()),
            ((MemberSelectTree) node.getMethodSelect()).getExpression()))
        : null;
    if (outer != null && e instanceof ExecutableElement) {
      replace(node, outerSuperCall(node.getMethodSelect(), outer, e,
          arguments(node.getArguments())));
      return null;
    }
    if (!usesAccessor(e)) {
      return super.visitMethodInvocation(node, v);
    }
    TreePath select = new TreePath(getCurrentPath(), node.getMethodSelect());
    CodeBlock call = accessorCall(e, PrivateAccessors.Use.CALL, receiver(select, e),
        receiverType(select, e), arguments(node.getArguments()));
    if (!node.getTypeArguments().isEmpty()) {
      // this.<K>lookup(k): the accessor takes the class's type variables first, then the
      // method's own, which the call gives
      List<CodeBlock> typeArguments = new ArrayList<>();
      TypeElement owner = (TypeElement) e.getEnclosingElement();
      if (!e.getModifiers().contains(Modifier.STATIC)
          && !PrivateAccessors.classVariables(owner).isEmpty()) {
        CodeBlock classArguments = SelfTypeArguments.classArguments(ctx, owner,
            receiverType(select, e));
        if (classArguments == null) {
          throw privateMember(node, e.getSimpleName(), "a call with explicit type arguments"
              + " of a generic class's method through a receiver whose type cannot be written");
        }
        typeArguments.add(classArguments);
      }
      for (Tree t : node.getTypeArguments()) {
        typeArguments.add(within(new TreePath(getCurrentPath(), t)));
      }
      call = CodeBlock.of("$L.<$L>$L", Names.qualified(ctx.machine), CodeBlock.join(typeArguments, ", "), call);
    }
    replace(node, call);
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
    replace(node, store(e, receiver(variable, e), receiverType(variable, e),
        slicer.converted(e, ctx.trees.getTypeMirror(value), within(value))));
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
    CodeBlock storeTo = receiver;
    if (receiver != null && !isPlain(node.getVariable()) && !host.suspends(node.getExpression())) {
      // next().count += x: Java computes the receiver once, then reads the field, then x; so
      // does set(r = next(), get(r) + x), with r a local declared before the statement
      TypeMirror type = ctx.trees.getTypeMirror(
          new TreePath(variable, ((MemberSelectTree) node.getVariable()).getExpression()));
      if (lambdaDepth > 0 || !nestedClasses.isEmpty() || !ctx.typeNames.writesExactly(type)) {
        throw privateMember(node, e.getSimpleName(), "a compound assignment through a computed"
            + " receiver inside a lambda or class, or of a type that cannot be written down"
            + " (assign the receiver to a local first)");
      }
      String local = host.temporary(ctx.typeNames.of(type), "receiver");
      storeTo = CodeBlock.of("$L = $L", local, receiver);
      receiver = CodeBlock.of("$L", local);
    }
    TypeMirror receiverType = receiverType(variable, e);
    CodeBlock old = accessorCall(e, PrivateAccessors.Use.GET, receiver, receiverType);
    CodeBlock operand = within(new TreePath(getCurrentPath(), node.getExpression()));
    replace(node, store(e, storeTo, receiverType, slicer.compound(e, CodeBlock.of("$L $L ($L)", old,
        ExpressionLowering.operator(node.getKind()), operand))));
    return null;
  }

  @Override
  public Void visitUnary(com.sun.source.tree.UnaryTree node, Void v) {
    PrivateAccessors.Use use = Slicer.step(node.getKind());
    TreePath variable = new TreePath(getCurrentPath(), node.getExpression());
    Element e = use == null ? null : ctx.trees.getElement(variable);
    if (e == null || e.getKind() != ElementKind.FIELD || !usesAccessor(e)) {
      return super.visitUnary(node, v);
    }
    replace(node, accessorCall(e, use, receiver(variable, e), receiverType(variable, e)));
    return null;
  }

  /** A field, or an enum's constant (a private enum's is read through an accessor too). */
  private static boolean isField(Element e) {
    return e.getKind() == ElementKind.FIELD || e.getKind() == ElementKind.ENUM_CONSTANT;
  }

  /** Whether {@code e} is a private member reached through an accessor from this code. */
  boolean usesAccessor(Element e) {
    if (!slicer.accessors.reaches(e)) {
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
    return store(e, receiver(variable, e), receiverType(variable, e), value);
  }

  /** {@code set$f(receiver, value)}. */
  private CodeBlock store(Element field, CodeBlock receiver, TypeMirror receiverType,
      CodeBlock value) {
    return accessorCall(field, PrivateAccessors.Use.SET, receiver, receiverType, List.of(value));
  }

  private CodeBlock accessorCall(Element member, PrivateAccessors.Use use, CodeBlock receiver,
      TypeMirror receiverType) {
    return accessorCall(member, use, receiver, receiverType, List.of());
  }

  /**
   * {@code get$f(receiver)}, {@code call$m(receiver, arguments)}...: {@code receiverType} is the
   * receiver's type in the source (null for none), which gives a generic private class's type
   * arguments where the machine holds the receiver as an Object.
   */
  CodeBlock accessorCall(Element member, PrivateAccessors.Use use, CodeBlock receiver,
      TypeMirror receiverType, List<CodeBlock> arguments) {
    List<CodeBlock> all = new ArrayList<>();
    if (receiver != null) {
      all.add(receiver);
    }
    all.addAll(arguments);
    String accessor = slicer.accessors.accessor(member, use);
    CodeBlock typeArguments = SelfTypeArguments.of(ctx, member, use, receiverType);
    return typeArguments == null ? CodeBlock.of("$L($L)", accessor, CodeBlock.join(all, ", "))
        : CodeBlock.of("$L.<$L>$L($L)", Names.qualified(ctx.machine), typeArguments, accessor,
            CodeBlock.join(all, ", "));
  }

  /** The arguments of a call through an accessor, each printed within this code. */
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
    if (isThisOfSelf(expressionPath) || isSuperIdentifier(expressionPath)) {
      return CodeBlock.of("self"); // super.f = x: the superclass's field, on self
    }
    return within(expressionPath);
  }

  /** The source type of the receiver of an instance member named at {@code path}, or null. */
  TypeMirror receiverType(TreePath path, Element e) {
    return ctx.machineTypes.receiverType(path, e);
  }

  /** The receiver of a member named without one: the source instance, {@code self}. */
  private CodeBlock implicitReceiver(Tree node, Element e) {
    if (e.getModifiers().contains(Modifier.STATIC)) {
      return null;
    }
    CodeBlock instance = slicer.instanceWith(e);
    if (instance == null) {
      throw host.fail(Problem.ENCLOSING_INSTANCE, node, e.getSimpleName());
    }
    return instance;
  }

  /**
   * Whether {@code node} makes an exception in the body (its lambdas and classes too) that is not
   * thrown at once: {@code errors.add(new IOException(m))}, {@code Task.failed(new X())}, {@code
   * e = new X()}, {@code opt.orElseThrow(() -> new X())} (which the runtime does not see thrown).
   */
  @Override
  boolean madeNotThrown(TreePath path, NewClassTree node) {
    if (node == slicer.wrapped) {
      return false;
    }
    TreePath parent = path.getParentPath();
    while (parent.getLeaf() instanceof com.sun.source.tree.ParenthesizedTree) {
      parent = parent.getParentPath();
    }
    if (parent.getLeaf() instanceof com.sun.source.tree.ThrowTree) {
      return false;
    }
    TypeMirror made = ctx.trees.getTypeMirror(path);
    TypeElement throwable = ctx.elements.getTypeElement("java.lang.Throwable");
    return made != null && throwable != null && made.getKind() == javax.lang.model.type.TypeKind.DECLARED
        && ctx.types.isSubtype(made, throwable.asType());
  }

  /** A name, {@code this}, or a select of them: computing it twice gives the same object. */
  private boolean isPlain(Tree variable) {
    if (variable instanceof IdentifierTree) {
      return true;
    }
    Tree x = ((MemberSelectTree) variable).getExpression();
    // (a receiver that awaits is computed code too, where it is printed: not plain)
    return x instanceof IdentifierTree
        || x instanceof MemberSelectTree && ((MemberSelectTree) x).getIdentifier().contentEquals("this");
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

  /** The machine fields of the locals a moved local class reads (see {@link #local}). */
  final java.util.Set<String> capturedByMoved = new java.util.LinkedHashSet<>();

  private void local(IdentifierTree node, Element e) {
    String field = host.fieldOf(e);
    if (field == null || declaredBindings.contains(e)) {
      return; // a Java local, or a pattern variable bound right here (a case label)
    }
    boolean captured = lambdaDepth > 0 || !nestedClasses.isEmpty();
    if (moved) {
      // the moved class keeps the value the field has when it is made, in a field of its own
      // named as the machine's (see Slicer.sliceMoved), as Java captures the local
      capturedByMoved.add(field);
      captured = false;
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
      if (!Unnameable.nameable((TypeElement) e.getEnclosingElement())) {
        // a private enum's constant: its ordinal (see ordinalSwitch)
        replace(node, CodeBlock.of("$L /* $L */", ordinal(e), e.getSimpleName()));
      }
      return; // enum constants in case labels must stay unqualified (not an arrow's body);
      // a constant field is qualified like any other read (C.QUOTE is still a constant)
    }
    if (Slicer.isRecordComponentField(e) && nestedClasses.isEmpty() && !ctx.isStatic) {
      replace(node, CodeBlock.of("self.$L()", node.getName()));
      return;
    }
    if (isField(e) && usesAccessor(e)) {
      CodeBlock constant = Slicer.constant(e);
      replace(node, constant != null ? constant
          : accessorCall(e, PrivateAccessors.Use.GET, implicitReceiver(node, e),
              receiverType(getCurrentPath(), e)));
      return;
    }
    checkAccess(e, node);
    TypeElement owner = (TypeElement) e.getEnclosingElement();
    for (TypeElement nested : nestedClasses) {
      if (ctx.elements.getAllMembers(nested).contains(e)) {
        return; // a member of the anonymous or local class itself
      }
    }
    if (Slicer.isLocal(owner)) {
      return;
    }
    if (e.getModifiers().contains(Modifier.STATIC)) {
      replace(node, CodeBlock.of("$T.$L", ClassName.get(owner), node.getName()));
      return;
    }
    CodeBlock instance = slicer.instanceWith(e);
    if (instance == null) {
      throw host.fail(Problem.ENCLOSING_INSTANCE, node, node.getName());
    }
    replace(node, CodeBlock.of("$L.$L", instance, node.getName()));
  }

  private void type(IdentifierTree node, TypeElement t) {
    if (isLocalAnywhere(t)) { // named as written, inside the local or anonymous class copied
      return;
    }
    if (!Unnameable.nameable(t)) {
      privateType(getCurrentPath(), t);
      return;
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
      throw privateMember(node, e.getSimpleName(), slicer.accessors.reaches(e)
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
      if (x instanceof TypeElement && Slicer.isLocal((TypeElement) x)) {
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
