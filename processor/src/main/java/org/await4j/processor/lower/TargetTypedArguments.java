package org.await4j.processor.lower;

import com.palantir.javapoet.TypeName;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import org.await4j.processor.find.Signatures;
import org.await4j.processor.find.Unnameable;

/**
 * A lambda or method reference passed where a generic method takes a bare type variable
 * ({@code <T> CompletableFuture<T> later(T v)} in {@code Function<String, Integer> f =
 * await(later(s -> s.length()))}): javac inferred {@code T} from the target of the whole
 * expression, which the machine's {@code awaited$ = later(...)} does not have. A cast to the
 * type javac gave the lambda pins it again (an anonymous class's diamond: its type arguments).
 */
final class TargetTypedArguments {
  private TargetTypedArguments() {}

  /** The cast {@code path}'s lambda or method reference needs, or null. */
  static TypeName castFor(MethodContext ctx, TreePath path) {
    Tree leaf = path.getLeaf();
    if (!(leaf instanceof LambdaExpressionTree || leaf instanceof MemberReferenceTree)
        || !atBareTypeVariable(ctx, path)) {
      return null;
    }
    TypeMirror type = ctx.trees.getTypeMirror(path);
    return type == null || type.getKind() != TypeKind.DECLARED || Unnameable.mentioned(type)
        ? null : Signatures.typeName(type, ctx.types);
  }

  /**
   * For an anonymous class with a diamond there ({@code later(new Comparator<>() {...})}), which
   * no cast can type: the class or interface it extends, with the type arguments javac inferred
   * ({@code Comparator<String>}), to write in place of {@code Comparator<>}; else null.
   */
  static TypeName diamondFor(MethodContext ctx, TreePath path) {
    NewClassTree node = (NewClassTree) path.getLeaf();
    if (node.getClassBody() == null || !atBareTypeVariable(ctx, path)) {
      return null;
    }
    TypeMirror anonymous = ctx.trees.getTypeMirror(path);
    if (anonymous == null || anonymous.getKind() != TypeKind.DECLARED) {
      return null;
    }
    List<? extends TypeMirror> supertypes = ctx.types.directSupertypes(anonymous);
    TypeMirror extended = supertypes.isEmpty() ? null : supertypes.get(supertypes.size() - 1);
    return extended == null || Unnameable.mentioned(extended) ? null
        : Signatures.typeName(extended, ctx.types);
  }

  /** Whether {@code argument} is passed where a generic method takes one of its type variables. */
  private static boolean atBareTypeVariable(MethodContext ctx, TreePath argument) {
    Tree leaf = argument.getLeaf();
    TreePath call = argument.getParentPath();
    List<? extends ExpressionTree> arguments = call.getLeaf() instanceof MethodInvocationTree
        ? ((MethodInvocationTree) call.getLeaf()).getArguments()
        : call.getLeaf() instanceof NewClassTree ? ((NewClassTree) call.getLeaf()).getArguments()
        : null;
    int index = arguments == null ? -1 : arguments.indexOf(leaf);
    Element callee = index < 0 ? null : ctx.trees.getElement(call);
    if (!(callee instanceof ExecutableElement)) {
      return false;
    }
    ExecutableElement m = (ExecutableElement) callee;
    List<? extends VariableElement> parameters = m.getParameters();
    if (parameters.isEmpty()) {
      return false;
    }
    TypeMirror declared = parameters.get(Math.min(index, parameters.size() - 1)).asType();
    if (m.isVarArgs() && index >= parameters.size() - 1 && declared instanceof ArrayType
        && arguments.size() != parameters.size()) {
      declared = ((ArrayType) declared).getComponentType();
    }
    return declared.getKind() == TypeKind.TYPEVAR
        && m.getTypeParameters().contains(ctx.types.asElement(declared));
  }
}
