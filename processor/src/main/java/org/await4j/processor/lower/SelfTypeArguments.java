package org.await4j.processor.lower;

import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import org.await4j.processor.find.Signatures;
import org.await4j.processor.find.Unnameable;

/**
 * Type arguments that javac cannot infer for an accessor of a generic private class's member:
 * the machine holds the receiver (self, or any value of the class) as an Object.
 */
final class SelfTypeArguments {
  private SelfTypeArguments() {}

  /**
   * The class's type arguments for an accessor of a generic class's member called on a
   * receiver of source type {@code receiverType} that the machine holds as an Object or raw (a
   * value of a private class): javac cannot infer them from it. Null when there is nothing to
   * give, or no way to give all of them.
   */
  static CodeBlock of(MethodContext ctx, Element member, PrivateAccessors.Use use,
      TypeMirror receiverType) {
    if (!(receiverType instanceof DeclaredType) || !Unnameable.mentioned(receiverType)
        || use == PrivateAccessors.Use.NEW || member.getModifiers().contains(Modifier.STATIC)
        || member instanceof ExecutableElement
            && !((ExecutableElement) member).getTypeParameters().isEmpty()) {
      return null;
    }
    TypeElement owner = (TypeElement) member.getEnclosingElement();
    return PrivateAccessors.classVariables(owner).isEmpty() ? null
        : classArguments(ctx, owner, receiverType);
  }

  /**
   * The type arguments of {@code owner} (its generic outer classes' first) as a receiver of
   * source type {@code receiverType} sees them, written for the machine; null if one cannot be.
   */
  static CodeBlock classArguments(MethodContext ctx, TypeElement owner, TypeMirror receiverType) {
    int wanted = PrivateAccessors.classVariables(owner).size();
    DeclaredType seen = !(receiverType instanceof DeclaredType) ? null
        : supertypeOf(ctx, (DeclaredType) receiverType, owner);
    if (seen == null) {
      return null;
    }
    // the accessor's type variables: those of the generic classes around an inner class first
    List<TypeMirror> arguments = new ArrayList<>();
    for (DeclaredType d = seen; d != null; ) {
      arguments.addAll(0, d.getTypeArguments());
      TypeElement e = (TypeElement) d.asElement();
      d = Signatures.genericOuter(e) != null
          && d.getEnclosingType() instanceof DeclaredType
          ? (DeclaredType) d.getEnclosingType() : null;
    }
    if (arguments.size() != wanted) {
      return null;
    }
    List<CodeBlock> args = new ArrayList<>();
    for (TypeMirror a : arguments) {
      if (!ctx.typeNames.writesExactly(a) || Unnameable.mentioned(a)
          || a.getKind() == javax.lang.model.type.TypeKind.WILDCARD
          || a.getKind() == javax.lang.model.type.TypeKind.TYPEVAR
              && Signatures.isCaptured((javax.lang.model.type.TypeVariable) a)) {
        return null; // (Node<?, ?>: nothing to give; the accessor infers)
      }
      args.add(CodeBlock.of("$T", ctx.typeNames.of(a)));
    }
    return CodeBlock.join(args, ", ");
  }

  /** {@code owner} as a supertype of {@code type}, with its type arguments as seen from it. */
  private static DeclaredType supertypeOf(MethodContext ctx, DeclaredType type, TypeElement owner) {
    if (type.asElement().equals(owner)) {
      return type;
    }
    for (TypeMirror s : ctx.types.directSupertypes(type)) {
      if (s instanceof DeclaredType) {
        DeclaredType found =
            supertypeOf(ctx, (DeclaredType) s, owner);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
