package org.await4j.processor.lower;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import org.await4j.processor.Problem;
import org.await4j.processor.find.Unnameable;

/**
 * The edits for private nested classes named in a body, which the machine (another class)
 * cannot name: their type names (a local's type, a cast, {@code instanceof}, a class literal, an
 * array), and switches over a private enum. Their values and members are the subclasses'
 * (see PrivateValues and the accessors).
 */
abstract class PrivateTypeEdits extends EditScanner {
  PrivateTypeEdits(Slicer slicer, TreePath root, Map<Tree, CodeBlock> overrides,
      List<Slicer.Range> ranges, boolean moved) {
    super(slicer, root, overrides, ranges, moved);
  }

  RuntimeException privateMember(Tree node, CharSequence name, String why) {
    return host.fail(Problem.PRIVATE_MEMBER, node, name, ctx.machineName(), why, name);
  }

  /**
   * PrivateMember for a class that is private (or in a private one), ProtectedMember for one that
   * is protected in a superclass of another package, whose advice ("make it package-private")
   * would not do (round 18).
   */
  private RuntimeException unnameable(Tree node, TypeElement t, String why) {
    for (javax.lang.model.element.Element e = t; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (e.getModifiers().contains(javax.lang.model.element.Modifier.PRIVATE)) {
        return privateMember(node, t.getSimpleName(), why);
      }
    }
    return host.fail(Problem.PROTECTED_MEMBER, node, t.getSimpleName());
  }

  @Override
  public Void visitSwitch(com.sun.source.tree.SwitchTree node, Void v) {
    if (ordinalSwitch(node.getExpression(), node.getCases())) {
      scan(node.getCases(), v);
      return null;
    }
    return super.visitSwitch(node, v);
  }

  @Override
  public Void visitSwitchExpression(com.sun.source.tree.SwitchExpressionTree node, Void v) {
    if (ordinalSwitch(node.getExpression(), node.getCases())) {
      scan(node.getCases(), v);
      boolean hasDefault = node.getCases().stream()
          .anyMatch(c -> c.getExpressions().isEmpty());
      if (!hasDefault) {
        // exhaustive over the constants, not over int: as javac does for a new constant
        boolean rule = node.getCases().get(0).getCaseKind() == CaseTree.CaseKind.RULE;
        long close = slicer.end(node) - 1;
        edits.add(new Slicer.Edit(close, close, CodeBlock.of(rule ? " default -> throw new $T(); "
            : " default: throw new $T(); ", IncompatibleClassChangeError.class)));
      }
      return null;
    }
    return super.visitSwitchExpression(node, v);
  }

  /**
   * A switch over a private enum, whose constants the machine cannot name: a switch over the
   * ordinal, each label the constant's (the enum is in this file, compiled with the machine).
   */
  private boolean ordinalSwitch(ExpressionTree selector, List<? extends CaseTree> cases) {
    TreePath selectorPath = new TreePath(getCurrentPath(), selector);
    TypeMirror type = ctx.trees.getTypeMirror(selectorPath);
    if (type == null || !Unnameable.mentioned(type)) {
      return false;
    }
    Element e = ctx.types.asElement(type);
    CharSequence name = e == null ? type.toString() : e.getSimpleName();
    if (e == null || e.getKind() != ElementKind.ENUM) {
      throw privateMember(selector, name, "a switch over a value of a private class");
    }
    for (CaseTree c : cases) {
      boolean isDefault = c.getExpressions().isEmpty() && slicer.sourceOf(c).startsWith("default");
      for (ExpressionTree label : c.getExpressions()) {
        Element constant = ctx.trees.getElement(new TreePath(new TreePath(getCurrentPath(), c), label));
        if (constant == null || constant.getKind() != ElementKind.ENUM_CONSTANT) {
          throw privateMember(label, name, "a case label other than its constants (case null)");
        }
      }
      if (c.getExpressions().isEmpty() && !isDefault) {
        throw privateMember(c, name, "a pattern in a switch over a private enum");
      }
    }
    CodeBlock value;
    if (overrides.containsKey(selector)) {
      value = overrides.get(selector);
    } else if (selector instanceof ParenthesizedTree) {
      value = within(new TreePath(selectorPath, ((ParenthesizedTree) selector).getExpression()));
    } else {
      value = within(selectorPath);
    }
    replace(selector, CodeBlock.of("((($T<?>) $L).ordinal())", Enum.class, value));
    return true;
  }

  /** The ordinal of an enum constant: its place among the constants, in declaration order. */
  static int ordinal(Element constant) {
    int i = 0;
    for (Element e : constant.getEnclosingElement().getEnclosedElements()) {
      if (e.getKind() == ElementKind.ENUM_CONSTANT) {
        if (e.equals(constant)) {
          return i;
        }
        i++;
      }
    }
    throw new IllegalStateException(constant.toString());
  }

  /**
   * A private class named in the body, which the machine cannot name, by where it stands: a
   * local's type is the type the machine holds such values as (see Unnameable); a cast and
   * {@code instanceof} go through the class's {@code Class}; a class literal is that
   * {@code Class}; {@code new ArrayList<Worker>()} is raw.
   */
  void privateType(TreePath at, TypeElement t) {
    TreePath typePath = at;
    while (isTypePart(typePath)) {
      typePath = typePath.getParentPath();
    }
    Tree top = typePath.getLeaf();
    TreePath parentPath = typePath.getParentPath();
    Tree parent = parentPath.getLeaf();
    TypeMirror type = ctx.trees.getTypeMirror(typePath);
    boolean privateErasure = type != null && Unnameable.mentioned(ctx.types.erasure(type));
    if (type == null) {
      throw unnameable(at.getLeaf(), t, "a private class cannot be named from it");
    }
    if (parent instanceof VariableTree && ((VariableTree) parent).getType() == top
        && (isLocalDeclaration(parentPath) || isClosableResource(parentPath, type))) {
      replace(top, CodeBlock.of("$T", Unnameable.visible(type, ctx.types)));
      return;
    }
    if (parent instanceof VariableTree && ((VariableTree) parent).getType() == top
        && parentPath.getParentPath().getLeaf() instanceof com.sun.source.tree.LambdaExpressionTree) {
      TypeMirror function = ctx.trees.getTypeMirror(parentPath.getParentPath());
      if (function != null && Unnameable.mentioned(function)
          && !Unnameable.mentioned(ctx.types.erasure(function))) {
        return; // (Node<K, V> a) -> ...: the lambda loses its parameters' types (EditScanner)
      }
    }
    if (parent instanceof TypeCastTree && ((TypeCastTree) parent).getType() == top) {
      TypeName visible = Unnameable.visible(type, ctx.types);
      if (!privateErasure) {
        replace(top, CodeBlock.of("$T", visible)); // (List<Worker>) o: the raw cast checks the same
        return;
      }
      CodeBlock checked = CodeBlock.of("$T.cast($L, $L)", org.await4j.processor.RuntimeNames.PRIVATE_CASTS,
          slicer.accessors.classConstant(type),
          within(new TreePath(parentPath, ((TypeCastTree) parent).getExpression())));
      replace(parent, visible.equals(com.palantir.javapoet.ClassName.OBJECT) ? checked
          : CodeBlock.of("($T) $L", visible, checked));
      return;
    }
    if (parent instanceof InstanceOfTree && ((InstanceOfTree) parent).getPattern() == null
        && privateErasure) {
      replace(parent, CodeBlock.of("$L.isInstance($L)", slicer.accessors.classConstant(type),
          within(new TreePath(parentPath, ((InstanceOfTree) parent).getExpression()))));
      return;
    }
    if (parent instanceof com.sun.source.tree.NewArrayTree && privateErasure
        && ((com.sun.source.tree.NewArrayTree) parent).getType() == top) {
      newArray(parentPath, type);
      return;
    }
    if (parent instanceof MemberSelectTree && ((MemberSelectTree) parent).getIdentifier().contentEquals("class")) {
      replace(parent, CodeBlock.of("$L", slicer.accessors.classConstant(type)));
      return;
    }
    if (parent instanceof NewClassTree && ((NewClassTree) parent).getIdentifier() == top
        && !privateErasure && ((NewClassTree) parent).getClassBody() == null) {
      replace(top, CodeBlock.of("$T", TypeName.get(ctx.types.erasure(type)))); // new ArrayList<Worker>()
      return;
    }
    boolean pattern = parent instanceof InstanceOfTree || parent instanceof VariableTree
        && parentPath.getParentPath().getLeaf() instanceof com.sun.source.tree.BindingPatternTree;
    String where = pattern ? "a pattern over a private class"
        : parent instanceof VariableTree ? "the type of a lambda's, a method's or a catch's parameter"
        : "a private class cannot be named from it in this position";
    throw unnameable(at.getLeaf(), t, where);
  }

  /**
   * {@code new Hand[n]} or {@code new Hand[] {a, b}} of a private class {@code component}: made
   * through its class, as the array the source makes (not one of the type the machine holds
   * its elements as), held as the visible array type.
   */
  private void newArray(TreePath creation, TypeMirror component) {
    com.sun.source.tree.NewArrayTree node = (com.sun.source.tree.NewArrayTree) creation.getLeaf();
    List<CodeBlock> parts = new ArrayList<>();
    parts.add(CodeBlock.of("$L", slicer.accessors.classConstant(component)));
    List<? extends Tree> values = node.getInitializers() != null ? node.getInitializers()
        : node.getDimensions();
    for (Tree t : values) {
      parts.add(within(new TreePath(creation, t)));
    }
    TypeName array = Unnameable.visible(ctx.trees.getTypeMirror(creation), ctx.types);
    replace(node, CodeBlock.of("($T) $T.$L($L)", array, org.await4j.processor.RuntimeNames.PRIVATE_CASTS,
        node.getInitializers() != null ? "arrayOf" : "newArray", CodeBlock.join(parts, ", ")));
  }

  /** Whether {@code path} is a part of a larger type tree ({@code List<Worker>}, {@code Worker[]}). */
  private boolean isTypePart(TreePath path) {
    TreePath parentPath = path.getParentPath();
    if (parentPath == null) {
      return false;
    }
    Tree parent = parentPath.getLeaf();
    switch (parent.getKind()) {
      case PARAMETERIZED_TYPE: case ARRAY_TYPE: case UNBOUNDED_WILDCARD: case EXTENDS_WILDCARD:
      case SUPER_WILDCARD: case ANNOTATED_TYPE:
        return true;
      case MEMBER_SELECT:
        return ctx.trees.getElement(parentPath) instanceof TypeElement; // Worker.Part
      default:
        return false;
    }
  }

  /** A resource of a try whose visible type the machine can close (an AutoCloseable). */
  private boolean isClosableResource(TreePath variable, TypeMirror type) {
    if (!(variable.getParentPath().getLeaf() instanceof com.sun.source.tree.TryTree)) {
      return false;
    }
    TypeMirror closeable = ctx.elements.getTypeElement("java.lang.AutoCloseable").asType();
    return ctx.types.isAssignable(Unnameable.visibleType(type, ctx.types, ctx.elements), closeable);
  }

  /** A local variable of the body (a for loop's too), not a parameter of a lambda or method. */
  private static boolean isLocalDeclaration(TreePath variable) {
    Tree owner = variable.getParentPath().getLeaf();
    return !(owner instanceof com.sun.source.tree.LambdaExpressionTree
        || owner instanceof com.sun.source.tree.MethodTree
        || owner instanceof com.sun.source.tree.CatchTree
        || owner instanceof com.sun.source.tree.TryTree
        || owner instanceof com.sun.source.tree.BindingPatternTree);
  }
}
