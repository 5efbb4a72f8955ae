package org.await4j.processor.lower;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import org.await4j.processor.RuntimeNames;
import org.await4j.processor.find.Signatures;
import org.await4j.processor.find.Unnameable;

/**
 * The private members of the source's classes that one @Async body uses. The state machine is
 * another class, so it reaches each through a small named accessor ({@code get$count(self)},
 * {@code call$parse(self, s)}) over a {@code static final} handle, which the JIT inlines as it
 * would the direct access. The machine and its fast path share them.
 */
public final class PrivateAccessors {
  private static final ClassName LOOKUP = ClassName.get("java.lang.invoke", "MethodHandles");
  private static final ClassName VAR_HANDLE = ClassName.get("java.lang.invoke", "VarHandle");
  private static final ClassName METHOD_HANDLE = ClassName.get("java.lang.invoke", "MethodHandle");

  /** What an accessor does to its member. */
  enum Use {
    GET("get$"), SET("set$"), PRE_INCREMENT("incrementAndGet$"), PRE_DECREMENT("decrementAndGet$"),
    POST_INCREMENT("getAndIncrement$"), POST_DECREMENT("getAndDecrement$"), CALL("call$"),
    SUPER("callSuper$"), NEW("new$"), ENCLOSING("enclosing$");

    final String prefix;

    Use(String prefix) {
      this.prefix = prefix;
    }
  }

  private final MethodContext ctx;
  private final Map<String, String> handles = new LinkedHashMap<>();
  private final List<FieldSpec> handleFields = new ArrayList<>();
  private final Map<String, MethodSpec> accessors = new LinkedHashMap<>();
  private final Map<String, String> names = new LinkedHashMap<>();
  private final Map<String, Implementation> implementations = new LinkedHashMap<>();
  private final List<TypeSpec> shapes = new ArrayList<>();
  private final Set<String> taken = new HashSet<>();
  private Set<Element> selfMembers;

  PrivateAccessors(MethodContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Whether {@code e}, used in the body, is a member that the machine (another class) reaches
   * only through an accessor: private to the source's classes, or protected and inherited from
   * a class in another package. Its class must be nameable from the machine's package.
   */
  boolean reaches(Element e) {
    if (e == null || !(e.getKind() == ElementKind.FIELD || e.getKind() == ElementKind.METHOD
        || e.getKind() == ElementKind.CONSTRUCTOR || e.getKind() == ElementKind.ENUM_CONSTANT)
        || Slicer.isRecordComponentField(e)) {
      return false;
    }
    boolean isPrivate = e.getModifiers().contains(Modifier.PRIVATE);
    boolean protectedElsewhere = e.getModifiers().contains(Modifier.PROTECTED)
        && !ctx.elements.getPackageOf(e).equals(ctx.elements.getPackageOf(ctx.type))
        && e.getKind() != ElementKind.CONSTRUCTOR;
    for (Element x = e.getEnclosingElement(); x instanceof TypeElement; x = x.getEnclosingElement()) {
      if (Slicer.isLocal((TypeElement) x)) {
        return false; // not nameable from the machine: reported as before
      }
    }
    // a member of a private class, or one whose type or signature names one: the machine
    // cannot name the class, so its accessor takes and gives Object (see Unnameable)
    return isPrivate || protectedElsewhere
        || !Unnameable.nameable((TypeElement) e.getEnclosingElement()) || Unnameable.inSignature(e)
        || inheritedByUnnameableSelf(e);
  }

  /**
   * An instance member that a private source class inherits (from a class the machine can
   * name): {@code self} is an Object in its machine, so it is reached through an accessor too.
   * Object's own methods are called on self as they are.
   */
  private boolean inheritedByUnnameableSelf(Element e) {
    return !Unnameable.nameable(ctx.type) && !e.getModifiers().contains(Modifier.STATIC)
        && e.getKind() != ElementKind.CONSTRUCTOR
        && !((TypeElement) e.getEnclosingElement()).getQualifiedName().contentEquals("java.lang.Object")
        && selfMembers().contains(e);
  }

  /** The members of the source class, its inherited ones too: asked once, then kept. */
  private Set<Element> selfMembers() {
    if (selfMembers == null) {
      selfMembers = new HashSet<>(ctx.elements.getAllMembers(ctx.type));
    }
    return selfMembers;
  }

  /** The name of the accessor that does {@code use} to {@code member}, written once. */
  String accessor(Element member, Use use) {
    return accessor(member, use, null);
  }

  /**
   * The same; for {@link Use#SUPER}, {@code outer} names the enclosing class whose super is
   * called ({@code Outer.super.m()}: on the enclosing instance, with Outer as the caller).
   */
  String accessor(Element member, Use use, TypeElement outer) {
    String key = use + " " + (outer == null ? "" : outer + ".super ") + member.getEnclosingElement()
        + " " + member;
    String name = names.get(key);
    if (name == null) {
      name = fresh(use.prefix + (use == Use.NEW
          ? member.getEnclosingElement().getSimpleName() : member.getSimpleName()));
      names.put(key, name);
      accessors.put(key, use == Use.ENCLOSING ? enclosing(name, (TypeElement) member)
          : write(name, member, use, outer));
    }
    return name;
  }

  /** {@code enclosing$Inner(self)}: the instance of the class around the inner class {@code inner}. */
  private MethodSpec enclosing(String name, TypeElement inner) {
    TypeElement outer = (TypeElement) inner.getEnclosingElement();
    String handle = handle("enclosing " + inner, inner.getSimpleName() + "$enclosing$handle",
        VAR_HANDLE, CodeBlock.of("$T.enclosingInstance($L, $L, $L)", RuntimeNames.PRIVATE_ACCESS,
            lookup(), classLiteral(inner.asType()), classLiteral(outer.asType())));
    TypeName outerType = Signatures.selfType(outer);
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addTypeVariables(classVariables(inner))
        .addParameter(Signatures.selfType(inner), "self")
        .returns(outerType)
        .addStatement("return ($T) $L.get(self)", outerType, handle)
        .build();
  }

  private String fresh(String base) {
    String name = base;
    for (int i = 2; !taken.add(name); i++) {
      name = base + i; // overloads, or a static and an instance member of one signature
    }
    return name;
  }

  public void addTo(TypeSpec.Builder spec) {
    spec.addFields(handleFields);
    spec.addMethods(accessors.values());
    spec.addTypes(shapes);
  }

  /**
   * How a lambda or method reference implementing a private functional interface is written:
   * {@code implement$Handler((Handler$function) v -> v * 2)}, the lambda implementing a
   * package-private interface of the machine with the same function, which the accessor turns
   * into an instance of the private interface (see {@code PrivateAccess.implementation}).
   * Null if the function's types cannot be written (a captured wildcard).
   */
  Implementation implementation(javax.lang.model.type.DeclaredType function, ExecutableElement sam) {
    String key = "implementation " + function;
    Implementation known = implementations.get(key);
    if (known != null) {
      return known;
    }
    javax.lang.model.type.ExecutableType type =
        (javax.lang.model.type.ExecutableType) ctx.types.asMemberOf(function, sam);
    java.util.Set<javax.lang.model.type.TypeVariable> variables = new java.util.LinkedHashSet<>();
    List<TypeMirror> used = new ArrayList<>(type.getParameterTypes());
    used.add(type.getReturnType());
    used.addAll(type.getThrownTypes());
    for (TypeMirror t : used) {
      boolean writable = t.getKind() == javax.lang.model.type.TypeKind.VOID
          || Unnameable.mentioned(t) || ctx.typeNames.writesExactly(t);
      if (!writable || !collectVariables(t, variables)) {
        return null;
      }
    }
    TypeElement iface = (TypeElement) function.asElement();
    String shapeName = fresh(iface.getSimpleName() + "$function");
    ClassName shapeClass = ctx.machine.nestedClass(shapeName);
    List<TypeVariableName> names = new ArrayList<>();
    for (javax.lang.model.type.TypeVariable v : variables) {
      names.add(TypeVariableName.get(v));
    }
    MethodSpec.Builder method = MethodSpec.methodBuilder(sam.getSimpleName().toString())
        .addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
        .returns(ctx.typeNames.of(type.getReturnType()));
    for (int i = 0; i < type.getParameterTypes().size(); i++) {
      method.addParameter(ctx.typeNames.of(type.getParameterTypes().get(i)), "p" + i);
    }
    for (TypeMirror thrown : type.getThrownTypes()) {
      method.addException(ctx.typeNames.of(thrown));
    }
    shapes.add(TypeSpec.interfaceBuilder(shapeName)
        .addJavadoc("The function of {@code $L}, which this class cannot implement itself.\n",
            iface.getQualifiedName())
        .addTypeVariables(names).addMethod(method.build()).build());
    TypeName shape = names.isEmpty() ? shapeClass
        : com.palantir.javapoet.ParameterizedTypeName.get(shapeClass, names.toArray(new TypeName[0]));
    String handle = handle(key, iface.getSimpleName() + "$implementation", METHOD_HANDLE,
        CodeBlock.of("$T.implementation($L, $L, $S, $T.class)", RuntimeNames.PRIVATE_ACCESS,
            lookup(), classLiteral(iface.asType()), sam.getSimpleName(), shapeClass));
    TypeName visible = Unnameable.visible(function, ctx.types);
    String name = fresh("implement$" + iface.getSimpleName());
    accessors.put(key, MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addTypeVariables(names)
        .returns(visible)
        .addParameter(shape, "function")
        .beginControlFlow("try")
        .addStatement("return ($T) $L.invoke(function)", visible, handle)
        .nextControlFlow("catch ($T failure$$)", Throwable.class)
        .addStatement("throw $T.sneakyThrow(failure$$)", RuntimeNames.EXCEPTIONS)
        .endControlFlow().build());
    Implementation made = new Implementation(name, shape);
    implementations.put(key, made);
    return made;
  }

  /** The accessor and the machine's interface a private interface's lambda is written with. */
  static final class Implementation {
    final String accessor;
    final TypeName shape;

    Implementation(String accessor, TypeName shape) {
      this.accessor = accessor;
      this.shape = shape;
    }
  }

  /** Adds the type variables {@code t} uses; false if one is a captured wildcard's. */
  private static boolean collectVariables(TypeMirror t,
      java.util.Set<javax.lang.model.type.TypeVariable> into) {
    return !Signatures.anyIn(t, x -> {
      if (x.getKind() != javax.lang.model.type.TypeKind.TYPEVAR) {
        return false;
      }
      into.add((javax.lang.model.type.TypeVariable) x);
      return Signatures.isCaptured((javax.lang.model.type.TypeVariable) x);
    });
  }

  private MethodSpec write(String name, Element member, Use use, TypeElement outer) {
    TypeElement owner = (TypeElement) member.getEnclosingElement();
    boolean isStatic = member.getModifiers().contains(Modifier.STATIC);
    MethodSpec.Builder m = MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC);
    if (!isStatic || use == Use.NEW) {
      m.addTypeVariables(classVariables(owner));
    }
    if (outer != null) {
      m.addParameter(Signatures.selfType(outer), "self"); // the enclosing instance
    } else if (!isStatic && use != Use.NEW) {
      // a member a private source class inherits: its machine's self is an Object
      boolean objectSelf = inheritedByUnnameableSelf(member)
          || use == Use.SUPER && !Unnameable.nameable(ctx.type); // super.m(): always on self
      m.addParameter(objectSelf ? ClassName.OBJECT : Signatures.selfType(owner), "self");
    }
    String self = isStatic ? "" : "self";
    if (member instanceof VariableElement) {
      TypeName type = Unnameable.visible(member.asType(), ctx.types);
      String handle = handle(member, owner, isStatic, false, null);
      String args = isStatic ? "" : "self";
      String sep = isStatic ? "" : ", ";
      switch (use) {
        case GET:
          return m.returns(type).addStatement("return ($T) $L.get($L)", type, handle, args).build();
        case SET:
          return m.returns(type).addParameter(type, "value")
              .addStatement("$L.set($L$Lvalue)", handle, args, sep)
              .addStatement("return value").build();
        default:
          boolean post = use == Use.POST_INCREMENT || use == Use.POST_DECREMENT;
          boolean up = use == Use.PRE_INCREMENT || use == Use.POST_INCREMENT;
          TypeName primitive = type.isBoxedPrimitive() ? type.unbox() : type;
          m.returns(type).addStatement("$T old = ($T) $L.get($L)", type, type, handle, args)
              .addStatement("$T value = ($T) (old $L 1)", type, primitive, up ? "+" : "-")
              .addStatement("$L.set($L$Lvalue)", handle, args, sep);
          return m.addStatement("return $L", post ? "old" : "value").build();
      }
    }
    ExecutableElement method = (ExecutableElement) member;
    for (TypeParameterElement p : method.getTypeParameters()) {
      m.addTypeVariable(TypeVariableName.get(p));
    }
    List<String> args = new ArrayList<>();
    if (!isStatic && use != Use.NEW) {
      args.add(self);
    }
    TypeElement enclosing = use == Use.NEW ? enclosingOfInner(owner) : null;
    if (enclosing != null) {
      // new Inner(): Java passes the enclosing instance first
      m.addParameter(Signatures.selfType(enclosing), "outer$");
      args.add("outer$");
    }
    for (VariableElement p : method.getParameters()) {
      String pname = p.getSimpleName().toString();
      if (pname.equals("self")) {
        pname = "self$";
      }
      m.addParameter(Unnameable.visible(p.asType(), ctx.types), pname);
      args.add(pname);
    }
    m.varargs(method.isVarArgs());
    for (TypeMirror thrown : method.getThrownTypes()) {
      // a private exception class: its visible supertype
      m.addException(Unnameable.visible(thrown, ctx.types));
    }
    TypeName result = use == Use.NEW
        ? (Unnameable.nameable(owner) ? Signatures.selfType(owner)
            : Unnameable.visible(owner.asType(), ctx.types))
        : Unnameable.visible(method.getReturnType(), ctx.types);
    String handle = handle(member, owner, isStatic, use == Use.SUPER, outer);
    String call = handle + ".invoke(" + String.join(", ", args) + ")";
    m.returns(result).beginControlFlow("try");
    if (result.equals(TypeName.VOID)) {
      m.addStatement("$L", call);
    } else {
      m.addStatement("return ($T) $L", result, call);
    }
    return m.nextControlFlow("catch ($T failure$$)", Throwable.class)
        .addStatement("throw $T.sneakyThrow(failure$$)", RuntimeNames.EXCEPTIONS)
        .endControlFlow().build();
  }

  /** The static final handle on {@code member}, declared once. */
  private String handle(Element member, TypeElement owner, boolean isStatic, boolean special,
      TypeElement outer) {
    boolean isConstructor = member.getKind() == ElementKind.CONSTRUCTOR;
    String base = (special ? "super$" : "") + (isConstructor ? owner.getSimpleName() + "$new"
        : member.getSimpleName()) + "$handle";
    CodeBlock ownerClass = classLiteral(owner.asType());
    String key = (special ? "super " : "") + (outer == null ? "" : outer + " ") + owner + " "
        + member;
    if (handles.containsKey(key)) {
      return handles.get(key);
    }
    if (member instanceof VariableElement) {
      return handle(key, base, VAR_HANDLE, CodeBlock.of("$T.$L($L, $L, $S, $L)",
          RuntimeNames.PRIVATE_ACCESS, isStatic ? "staticField" : "field", lookupFor(member, owner),
          ownerClass,
          member.getSimpleName(), classLiteral(member.asType())));
    }
    CodeBlock.Builder params = CodeBlock.builder();
    TypeElement enclosing = isConstructor ? enclosingOfInner(owner) : null;
    if (enclosing != null) {
      params.add(", $L", classLiteral(enclosing.asType()));
    }
    for (VariableElement p : ((ExecutableElement) member).getParameters()) {
      params.add(", $L", classLiteral(p.asType()));
    }
    return handle(key, base, METHOD_HANDLE, isConstructor
        ? CodeBlock.of("$T.constructor($L, $L$L)", RuntimeNames.PRIVATE_ACCESS, lookup(), ownerClass,
            params.build())
        : CodeBlock.of("$T.$L($L, $L, $S$L)", RuntimeNames.PRIVATE_ACCESS,
            special ? "superMethod" : "method", outer == null ? lookupFor(member, owner)
                : lookupIn(outer),
            ownerClass, member.getSimpleName(),
            params.build()));
  }

  /** The class whose instance an inner (non-static member) class's constructor takes first. */
  static TypeElement enclosingOfInner(TypeElement type) {
    return type.getNestingKind() == javax.lang.model.element.NestingKind.MEMBER
        && !type.getModifiers().contains(Modifier.STATIC) && type.getKind() == ElementKind.CLASS
        ? (TypeElement) type.getEnclosingElement() : null;
  }

  /** A {@code static final} handle field, declared once per key. */
  private String handle(String key, String base, TypeName type, CodeBlock init) {
    String name = handles.get(key);
    if (name == null) {
      name = fresh(base);
      handles.put(key, name);
      handleFields.add(FieldSpec.builder(type, name, Modifier.PRIVATE, Modifier.STATIC,
          Modifier.FINAL).initializer(init).build());
    }
    return name;
  }

  /** The lookup with the source class's access, from which every handle is made. */
  private String lookup() {
    // a private source class too, by name: super calls need it as their caller
    return lookupIn(ctx.type, "source$lookup");
  }

  /**
   * The lookup to reach {@code member} with: the source class's, except for a protected member
   * of a superclass in another package that an inner class uses on its enclosing instance
   * ({@code out} of {@code Outer.this}): only the subclass around it may reach that, so that
   * class's (javac writes an accessor in it for the same reason).
   */
  private String lookupFor(Element member, TypeElement owner) {
    if (member.getModifiers().contains(Modifier.PROTECTED)
        && !ctx.elements.getPackageOf(owner).equals(ctx.elements.getPackageOf(ctx.type))) {
      TypeMirror erased = ctx.types.erasure(owner.asType());
      for (Element t = ctx.type; t instanceof TypeElement; t = t.getEnclosingElement()) {
        if (ctx.types.isSubtype(ctx.types.erasure(t.asType()), erased)) {
          return t.equals(ctx.type) ? lookup() : lookupIn((TypeElement) t);
        }
      }
    }
    return lookup();
  }

  /**
   * A {@code static final} field holding the class of {@code type} (erased), which the machine
   * cannot name: a cast or {@code instanceof} of a private class goes through it.
   */
  String classConstant(TypeMirror type) {
    TypeMirror erased = ctx.types.erasure(type);
    String simple = erased.getKind() == javax.lang.model.type.TypeKind.DECLARED
        ? ctx.types.asElement(erased).getSimpleName().toString() : "array";
    return handle("class " + erased, simple + "$class", com.palantir.javapoet.ParameterizedTypeName
        .get(ClassName.get(Class.class), com.palantir.javapoet.WildcardTypeName.subtypeOf(Object.class)),
        classLiteral(erased));
  }

  /** A lookup with {@code outer}'s access: the caller of {@code Outer.super.m()}. */
  private String lookupIn(TypeElement outer) {
    return lookupIn(outer, outer.getSimpleName() + "$lookup");
  }

  /** A {@code static final} lookup with {@code type}'s access, declared once per class. */
  private String lookupIn(TypeElement type, String base) {
    return handle("lookup " + type, base, LOOKUP.nestedClass("Lookup"), CodeBlock.of(
        "$T.lookupIn($L, $T.lookup())", RuntimeNames.PRIVATE_ACCESS, classLiteral(type.asType()),
        LOOKUP));
  }

  private CodeBlock classLiteral(TypeMirror t) {
    return Unnameable.classLiteral(t, ctx.types, ctx.elements);
  }

  /** The owner's type variables (and its generic outer classes'), for an instance member. */
  static List<TypeVariableName> classVariables(TypeElement owner) {
    List<TypeElement> classes = new ArrayList<>();
    for (TypeElement t = owner; t != null; t = Signatures.genericOuter(t)) {
      classes.add(0, t);
    }
    List<TypeVariableName> vars = new ArrayList<>();
    for (TypeElement t : classes) {
      for (TypeParameterElement p : t.getTypeParameters()) {
        vars.add(TypeVariableName.get(p));
      }
    }
    return vars;
  }
}
