package org.await4j.processor.find;

import com.palantir.javapoet.ClassName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/** Names of generated classes: the twin {@code Outer_InnerAsync} and one machine per method. */
public final class Names {
  private Names() {}

  /** {@code shop.Catalog} gives {@code shop.CatalogAsync}; {@code Outer.Inner}, {@code Outer_InnerAsync}. */
  public static ClassName twin(TypeElement type, Elements elements) {
    PackageElement pkg = elements.getPackageOf(type);
    StringBuilder flat = new StringBuilder();
    for (Element e = type; e.getKind() != ElementKind.PACKAGE; e = e.getEnclosingElement()) {
      flat.insert(0, flat.length() == 0 ? e.getSimpleName() : e.getSimpleName() + "_");
    }
    return ClassName.get(pkg.getQualifiedName().toString(), flat + "Async");
  }

  /** {@code shop.CatalogAsync} gives {@code shop.CatalogAsyncMachines}: the class that holds its machines. */
  public static ClassName holder(ClassName twin) {
    return twin.peerClass(twin.simpleName() + "Machines");
  }

  /**
   * One machine class per @Async method, nested in the twin's {@link #holder} and named after
   * the method ({@code CatalogAsyncMachines.page}); overloads get {@code _2}, {@code _3} in
   * declaration order, so round one (stubs) and a later round (machines) agree. A name that
   * could hide a package inside the holder (the first name of a qualified name in the source
   * file, or a common top-level package), that reads as a type, or that no class may have
   * ({@code record}) gets {@code _machine}.
   */
  public static Map<ExecutableElement, ClassName> machines(ClassName twin, List<ExecutableElement> methods,
      com.sun.source.util.Trees trees) {
    Map<ExecutableElement, ClassName> names = new HashMap<>();
    List<String> used = new ArrayList<>();
    ClassName holder = holder(twin);
    for (ExecutableElement m : methods) {
      String base = m.getSimpleName().toString();
      if (Character.isUpperCase(base.charAt(0)) || base.equals(holder.simpleName())
          || COMMON_PACKAGES.contains(base) || NOT_TYPE_NAMES.contains(base)
          || QualifiedNameHeads.of(m, trees).contains(base)) { // one scan per file, cached
        base += "_machine";
      }
      String name = base;
      for (int i = 2; used.contains(name); i++) {
        name = base + "_" + i;
      }
      used.add(name);
      names.put(m, holder.nestedClass(name));
    }
    return names;
  }

  /** Names a method may have but a class may not (JLS 3.9, TypeIdentifier). */
  private static final Set<String> NOT_TYPE_NAMES = Set.of("permits", "record", "sealed", "var",
      "yield");

  /**
   * A machine class as an expression names it ({@code CatalogAsyncMachines.page.fast(...)}):
   * with its holder, since a variable of the same simple name would hide it there (JLS 6.4.2).
   */
  public static com.palantir.javapoet.CodeBlock qualified(ClassName machine) {
    return com.palantir.javapoet.CodeBlock.of("$T.$L", machine.enclosingClassName(),
        machine.simpleName());
  }

  /**
   * Names a variable of the generated code should not have, since it would hide a package that
   * the code beside it names in full: the common top-level packages, and the first name of the
   * source file's package and of each of its imports.
   */
  public static Set<String> packageRoots(com.sun.source.tree.CompilationUnitTree unit) {
    Set<String> roots = new java.util.HashSet<>(COMMON_PACKAGES);
    if (unit.getPackageName() != null) {
      roots.add(firstName(unit.getPackageName().toString()));
    }
    for (com.sun.source.tree.ImportTree i : unit.getImports()) {
      roots.add(firstName(i.getQualifiedIdentifier().toString()));
    }
    return roots;
  }

  private static String firstName(String qualified) {
    int dot = qualified.indexOf('.');
    return dot < 0 ? qualified : qualified.substring(0, dot);
  }

  /** Top-level packages that generated code may name in full, whatever the source file says. */
  private static final Set<String> COMMON_PACKAGES = Set.of("java", "javax", "jdk", "sun", "com",
      "org", "net", "io", "dev", "edu", "gov");

  /**
   * The machine class of {@code callee}, for a direct call from the fast path of a method of
   * {@code from}: only where its static fast method can be called without a stub's help (the
   * same package or an {@link CallTargets#exported} method, compiled now, no type arguments to
   * infer; an overridable method's fast path dispatches on its receiver itself). Else null.
   */
  public static ClassName machineOf(ExecutableElement callee, Elements elements,
      com.sun.source.util.Trees trees, TypeElement from) {
    if (!(callee.getEnclosingElement() instanceof TypeElement)) {
      return null;
    }
    TypeElement type = (TypeElement) callee.getEnclosingElement();
    if (!(elements.getPackageOf(type).equals(elements.getPackageOf(from)) || CallTargets.exported(callee))
        || trees.getPath(type) == null || !callee.getTypeParameters().isEmpty()) {
      return null;
    }
    if (!Signatures.isStatic(callee) && !type.getTypeParameters().isEmpty()) {
      return null; // an overridable method's fast path dispatches on its receiver itself
    }
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      TypeElement t = (TypeElement) e;
      if (t.getNestingKind() == javax.lang.model.element.NestingKind.LOCAL
          || t.getNestingKind() == javax.lang.model.element.NestingKind.ANONYMOUS
          || t.getModifiers().contains(javax.lang.model.element.Modifier.PRIVATE)) {
        return null;
      }
    }
    List<ExecutableElement> methods = machineMethods(type);
    return methods.contains(callee) ? machines(twin(type, elements), methods, trees).get(callee) : null;
  }

  /**
   * The @Async methods of {@code type} that get a machine, in declaration order: not abstract or
   * native, and no type variable named as one of the class's (the processor reports those).
   */
  public static List<ExecutableElement> machineMethods(TypeElement type) {
    List<ExecutableElement> methods = new ArrayList<>();
    for (ExecutableElement m : stubMethods(type)) {
      if (!m.getModifiers().contains(javax.lang.model.element.Modifier.ABSTRACT)) {
        methods.add(m);
      }
    }
    return methods;
  }

  /**
   * The @Async methods of {@code type} that get a stub in its twin: those with machines, and the
   * abstract ones, whose stubs start the receiver's implementation.
   */
  public static List<ExecutableElement> stubMethods(TypeElement type) {
    List<ExecutableElement> methods = new ArrayList<>();
    java.util.Map<String, ExecutableElement> twinSignatures = new java.util.HashMap<>();
    for (ExecutableElement m : javax.lang.model.util.ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (AsyncAnnotation.isOn(m) && !m.getModifiers().contains(javax.lang.model.element.Modifier.NATIVE)
          && (Signatures.isStatic(m) || clashingTypeVariable(type, m) == null)
          && twinSignatures.putIfAbsent(twinSignature(type, m), m) == null) {
        methods.add(m);
      }
    }
    return methods;
  }

  /**
   * The @Async method declared before {@code m} in {@code type} whose twin would have the same
   * signature as {@code m}'s (an instance method's receiver is its twin's first parameter:
   * {@code void close()} and {@code static void close(Main m)} both give {@code close(Main)}),
   * or null. The later one gets no twin and is reported.
   */
  public static ExecutableElement twinClash(TypeElement type, ExecutableElement m) {
    String mine = twinSignature(type, m);
    for (ExecutableElement other : javax.lang.model.util.ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (other.equals(m)) {
        return null;
      }
      if (AsyncAnnotation.isOn(other) && twinSignature(type, other).equals(mine)) {
        return other;
      }
    }
    return null;
  }

  /** The name and erased parameter types of the twin of {@code m}. */
  private static String twinSignature(TypeElement type, ExecutableElement m) {
    StringBuilder b = new StringBuilder(m.getSimpleName()).append('(');
    if (!Signatures.isStatic(m)) {
      b.append(erased(type.asType())).append(',');
    }
    for (javax.lang.model.element.VariableElement p : m.getParameters()) {
      b.append(erased(p.asType())).append(',');
    }
    return b.append(')').toString();
  }

  private static String erased(javax.lang.model.type.TypeMirror t) {
    switch (t.getKind()) {
      case DECLARED:
      case ERROR:
        return ((TypeElement) ((javax.lang.model.type.DeclaredType) t).asElement())
            .getQualifiedName().toString();
      case ARRAY:
        return erased(((javax.lang.model.type.ArrayType) t).getComponentType()) + "[]";
      case TYPEVAR:
        return erased(((javax.lang.model.type.TypeVariable) t).getUpperBound());
      case INTERSECTION:
        return erased(((javax.lang.model.type.IntersectionType) t).getBounds().get(0));
      default:
        return t.toString();
    }
  }

  /** A type variable of {@code m} named as one of its class's, or null. */
  public static javax.lang.model.element.TypeParameterElement clashingTypeVariable(TypeElement type,
      ExecutableElement m) {
    for (javax.lang.model.element.TypeParameterElement mine : m.getTypeParameters()) {
      for (javax.lang.model.element.TypeParameterElement theirs : type.getTypeParameters()) {
        if (mine.getSimpleName().equals(theirs.getSimpleName())) {
          return mine;
        }
      }
    }
    return null;
  }

  /** Whether a subclass may override {@code m}, so that the twin must dispatch on self's class. */
  public static boolean isOverridable(TypeElement type, ExecutableElement m,
      com.sun.source.util.Trees trees) {
    Set<Modifier> mods = m.getModifiers();
    return !mods.contains(Modifier.STATIC) && !mods.contains(Modifier.PRIVATE)
        && !mods.contains(Modifier.FINAL) && !type.getModifiers().contains(Modifier.FINAL)
        // a private class: no subclass outside its top-level class, maybe some inside
        && (Unnameable.nameable(type) || type.getKind() == ElementKind.INTERFACE
            || PrivateClasses.extendedWithin(type, trees))
        && !type.getKind().name().equals("RECORD");
  }

  /** The name of the non-dispatching twin of {@code m}, for {@code super.m(...)} in a subclass. */
  public static String superStubName(ExecutableElement m) {
    return m.getSimpleName() + "$super";
  }
}
