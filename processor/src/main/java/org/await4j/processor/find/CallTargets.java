package org.await4j.processor.find;

import com.palantir.javapoet.ClassName;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Which code a body's fast path calls for a call of another {@code @Async} method: the callee's
 * machine, an abstract method's {@code m$fast}, or (null) its twin's task; the method a twin's
 * stub stands for; and which methods are exported, that is callable so from any package.
 */
public final class CallTargets {
  private CallTargets() {}

  /**
   * What a fast path of a method of {@code from} calls for a direct call of {@code callee}, with
   * the loop and the stub's arguments: a machine's {@code fast} (its {@code own}, for a
   * {@code super} call of an overridable method), or an abstract method's {@code m$fast} in its
   * twin, which runs the receiver's implementation. Null where the call must go through the stub.
   */
  public static com.palantir.javapoet.CodeBlock fastEntry(ExecutableElement callee, boolean superCall,
      Elements elements, com.sun.source.util.Trees trees, TypeElement from) {
    if (!callee.getModifiers().contains(Modifier.ABSTRACT)) {
      ClassName machine = Names.machineOf(callee, elements, trees, from);
      boolean own = superCall && Names.isOverridable((TypeElement) callee.getEnclosingElement(), callee, trees);
      if (own && !exported(callee) && !elements.getPackageOf(callee).equals(elements.getPackageOf(from))) {
        return null; // own is package-private: the twin's super stub
      }
      return machine == null ? null
          : com.palantir.javapoet.CodeBlock.of("$L.$L", Names.qualified(machine), own ? "own" : "fast");
    }
    TypeElement type = (TypeElement) callee.getEnclosingElement();
    boolean reachable = exported(callee) || elements.getPackageOf(type).equals(elements.getPackageOf(from))
        && !callee.getModifiers().contains(Modifier.PRIVATE) && !anyPrivate(type);
    if (!reachable || trees.getPath(type) == null || !callee.getTypeParameters().isEmpty()
        || !type.getTypeParameters().isEmpty() || !Unnameable.nameable(type)) {
      return null;
    }
    return com.palantir.javapoet.CodeBlock.of("$T.$L", Names.twin(type, elements), fastEntryName(callee));
  }

  /**
   * The {@code @Async} method whose twin stub {@code stub} is ({@code CatalogAsync.page(self, u)}
   * for {@code Catalog.page(u)}), if its class is compiled now; else null.
   */
  public static ExecutableElement sourceOfTwin(ExecutableElement stub, Elements elements,
      javax.lang.model.util.Types types, com.sun.source.util.Trees trees) {
    if (!(stub.getEnclosingElement() instanceof TypeElement) || !stub.getTypeParameters().isEmpty()
        || !stub.getModifiers().contains(Modifier.STATIC)) {
      return null;
    }
    TypeElement twin = (TypeElement) stub.getEnclosingElement();
    String name = twin.getSimpleName().toString();
    if (twin.getNestingKind() != javax.lang.model.element.NestingKind.TOP_LEVEL || !name.endsWith("Async")) {
      return null;
    }
    TypeElement type = flatNamed(elements.getPackageOf(twin).getEnclosedElements(),
        name.substring(0, name.length() - "Async".length()), "");
    if (type == null || trees.getPath(type) == null
        || !Names.twin(type, elements).canonicalName().equals(twin.getQualifiedName().toString())) {
      return null;
    }
    ExecutableElement found = null;
    for (ExecutableElement m : javax.lang.model.util.ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (m.getSimpleName().equals(stub.getSimpleName()) && AsyncAnnotation.isOn(m)
          && takesAsStub(type, m, stub, types)) {
        if (found != null) {
          return null;
        }
        found = m;
      }
    }
    return found;
  }

  private static boolean takesAsStub(TypeElement type, ExecutableElement m, ExecutableElement stub,
      javax.lang.model.util.Types types) {
    List<javax.lang.model.type.TypeMirror> expected = new ArrayList<>();
    if (!Signatures.isStatic(m)) {
      expected.add(type.asType());
    }
    for (javax.lang.model.element.VariableElement p : m.getParameters()) {
      expected.add(p.asType());
    }
    if (expected.size() != stub.getParameters().size()) {
      return false;
    }
    for (int i = 0; i < expected.size(); i++) {
      if (!types.isSameType(types.erasure(expected.get(i)),
          types.erasure(stub.getParameters().get(i).asType()))) {
        return false;
      }
    }
    return true;
  }

  /** The class of {@code members} (or nested in one) whose flat name is {@code flat}. */
  private static TypeElement flatNamed(List<? extends Element> members, String flat, String prefix) {
    for (Element e : members) {
      if (!(e instanceof TypeElement)) {
        continue;
      }
      String name = prefix.isEmpty() ? e.getSimpleName().toString() : prefix + "_" + e.getSimpleName();
      if (name.equals(flat)) {
        return (TypeElement) e;
      }
      if (flat.startsWith(name + "_")) {
        TypeElement inner = flatNamed(e.getEnclosedElements(), flat, name);
        if (inner != null) {
          return inner;
        }
      }
    }
    return null;
  }

  /**
   * {@code m$fast}, in the twin: an abstract method's fast path (see {@link #fastEntry}), or an
   * override's, which the runtime's override sites find by this name.
   */
  public static String fastEntryName(ExecutableElement m) {
    return m.getSimpleName() + "$fast";
  }

  private static boolean anyPrivate(TypeElement type) {
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      TypeElement t = (TypeElement) e;
      if (t.getModifiers().contains(Modifier.PRIVATE)
          || t.getNestingKind() == javax.lang.model.element.NestingKind.LOCAL
          || t.getNestingKind() == javax.lang.model.element.NestingKind.ANONYMOUS) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether code of any package may call {@code m}'s fast path: a public method of a public
   * class, every type of its signature public. Its machine class and fast path are public then.
   */
  public static boolean exported(ExecutableElement m) {
    if (!m.getModifiers().contains(Modifier.PUBLIC) || !publicChain(m.getEnclosingElement())) {
      return false;
    }
    for (javax.lang.model.element.VariableElement p : m.getParameters()) {
      if (!visible(p.asType())) {
        return false;
      }
    }
    return m.getReturnType().getKind() == javax.lang.model.type.TypeKind.VOID
        || visible(m.getReturnType());
  }

  private static boolean publicChain(Element e) {
    for (; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (!e.getModifiers().contains(Modifier.PUBLIC)) {
        return false;
      }
    }
    return true;
  }

  /** A primitive, or a public class's type, with public type arguments (arrays of those too). */
  private static boolean visible(javax.lang.model.type.TypeMirror t) {
    switch (t.getKind()) {
      case ARRAY:
        return visible(((javax.lang.model.type.ArrayType) t).getComponentType());
      case DECLARED:
        for (javax.lang.model.type.TypeMirror a : ((javax.lang.model.type.DeclaredType) t).getTypeArguments()) {
          if (!visible(a)) {
            return false;
          }
        }
        return publicChain(((javax.lang.model.type.DeclaredType) t).asElement());
      case WILDCARD:
        javax.lang.model.type.WildcardType w = (javax.lang.model.type.WildcardType) t;
        return (w.getExtendsBound() == null || visible(w.getExtendsBound()))
            && (w.getSuperBound() == null || visible(w.getSuperBound()));
      default:
        return t.getKind().isPrimitive();
    }
  }
}
