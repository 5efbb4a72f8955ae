package org.await4j.processor.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Types;
import org.await4j.processor.AsyncProcessor;
import org.await4j.processor.RuntimeNames;
import org.await4j.processor.find.AsyncAnnotation;
import org.await4j.processor.find.CallTargets;
import org.await4j.processor.find.Names;
import org.await4j.processor.find.Signatures;
import org.await4j.processor.find.Unnameable;

/**
 * Writes {@code <Name>Async}: one static stub per @Async method, from the elements alone (no
 * attribution of bodies, so it is safe in the first round). Each stub starts the method's
 * machine, which a later round writes.
 */
public final class StubWriter {
  static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

  private final Types types;

  private final javax.lang.model.util.Elements elements;

  private final com.sun.source.util.Trees trees;

  private final JavaLangClashes javaLang;

  public StubWriter(Types types, javax.lang.model.util.Elements elements,
      com.sun.source.util.Trees trees, JavaLangClashes javaLang) {
    this.types = types;
    this.elements = elements;
    this.trees = trees;
    this.javaLang = javaLang;
  }

  public JavaFile write(TypeElement type, ClassName twin, List<ExecutableElement> methods,
      Map<ExecutableElement, ClassName> machines) {
    TypeSpec.Builder spec = TypeSpec.classBuilder(twin)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addJavadoc("Async twins of the {@code @Async} methods of $L: each starts the"
            + " method's state machine\nand returns its {@link $T}.\n",
            Unnameable.nameable(type) ? CodeBlock.of("{@link $T}", ClassName.get(type))
                : CodeBlock.of("{@code $L} (private: {@code self} is an Object here)",
                    type.getQualifiedName()),
            RuntimeNames.TASK)
        .addOriginatingElement(type)
        .addAnnotation(Suppressions.of())
        .alwaysQualify(javaLang.of(type, elements))
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    markGenerated(spec, type, elements);
    Map<ExecutableElement, String> sites = overrideSites(type, methods, trees);
    for (ExecutableElement m : methods) {
      String site = sites.get(m);
      if (site != null) {
        spec.addField(overrideSite(type, m, site));
        // a constant to the JIT, which inlines through its cache into the override
        spec.addField(FieldSpec.builder(java.lang.invoke.MethodHandle.class, dispatcher(site),
                Modifier.STATIC, Modifier.FINAL)
            .initializer("$L.dispatcher()", site).build());
      }
      spec.addMethod(stub(type, m, machines.get(m), site));
      if (site != null && !m.getModifiers().contains(Modifier.ABSTRACT)) {
        spec.addMethod(superStub(type, m, machines.get(m)));
      }
      if (m.getModifiers().contains(Modifier.ABSTRACT)) {
        spec.addMethod(abstractFast(type, m, site));
      }
      if (overridesAsync(type, m)) {
        spec.addMethod(fastEntry(type, m, machines.get(m), site != null));
      }
    }
    return JavaFile.builder(twin.packageName(), spec.build()).skipJavaLangImports(true).build();
  }

  private static TypeName typed(ClassName machine, List<TypeVariableName> typeVars) {
    return typeVars.isEmpty() ? machine
        : ParameterizedTypeName.get(machine, typeVars.toArray(new TypeName[0]));
  }

  /**
   * Marks a generated class {@code @Generated}, where the source's module can see that
   * annotation: a named module that does not read {@code java.compiler} could not compile it.
   */
  static TypeSpec.Builder markGenerated(TypeSpec.Builder spec, javax.lang.model.element.Element origin,
      javax.lang.model.util.Elements elements) {
    javax.lang.model.element.ModuleElement module = elements.getModuleOf(origin);
    if (module == null || module.isUnnamed() || reads(module, "java.compiler", new java.util.HashSet<>(), true)) {
      spec.addAnnotation(AnnotationSpec.builder(GENERATED)
          .addMember("value", "$S", AsyncProcessor.class.getName()).build());
    }
    return spec;
  }

  /** Whether {@code m} reads {@code name}: requires it, or requires a module that requires it transitively. */
  private static boolean reads(javax.lang.model.element.ModuleElement m, String name,
      Set<javax.lang.model.element.ModuleElement> seen, boolean direct) {
    if (!seen.add(m)) {
      return false;
    }
    for (javax.lang.model.element.ModuleElement.Directive d : m.getDirectives()) {
      if (d instanceof javax.lang.model.element.ModuleElement.RequiresDirective) {
        javax.lang.model.element.ModuleElement.RequiresDirective r =
            (javax.lang.model.element.ModuleElement.RequiresDirective) d;
        if (!direct && !r.isTransitive()) {
          continue;
        }
        if (r.getDependency().getQualifiedName().contentEquals(name)
            || reads(r.getDependency(), name, seen, false)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The names of the twin's override sites, one per overridable method (the machines' fast
   * paths dispatch through them too).
   */
  static Map<ExecutableElement, String> overrideSites(TypeElement type,
      List<ExecutableElement> methods, com.sun.source.util.Trees trees) {
    Map<ExecutableElement, String> sites = new java.util.HashMap<>();
    NameAllocator names = new NameAllocator();
    for (ExecutableElement m : methods) {
      if (Names.isOverridable(type, m, trees)) {
        sites.put(m, names.newName(m.getSimpleName() + "Overrides", m));
      }
    }
    return sites;
  }

  /** The twin's field that holds the site's {@code dispatcher()}, named after the site's. */
  static String dispatcher(String site) {
    return site + "$fast";
  }

  private FieldSpec overrideSite(TypeElement type, ExecutableElement m, String name) {
    // what the fast path returns, as its dispatch handles take it: a primitive, void or Object
    javax.lang.model.type.TypeKind kind = m.getReturnType().getKind();
    // the twin's lookup: in a named module that does not open the package, the runtime reaches
    // the overrides through it
    CodeBlock.Builder init = CodeBlock.builder().add("$T.site($T.lookup(), $L, $T.class, $S",
        RuntimeNames.OVERRIDES, java.lang.invoke.MethodHandles.class,
        Unnameable.classLiteral(type.asType(), types, elements),
        kind.isPrimitive() || kind == javax.lang.model.type.TypeKind.VOID
            ? TypeName.get(m.getReturnType()) : ClassName.OBJECT, m.getSimpleName());
    for (VariableElement p : m.getParameters()) {
      init.add(", $L", Unnameable.classLiteral(p.asType(), types, elements));
    }
    return FieldSpec.builder(RuntimeNames.SITE, name, Modifier.STATIC, Modifier.FINAL)
        .initializer(init.add(")").build()).build();
  }

  /**
   * {@code super.m(...)} from a subclass's @Async body: this class's own machine for {@code m},
   * never an override (public where {@code m} is protected, so that subclasses elsewhere reach it).
   */
  private MethodSpec superStub(TypeElement type, ExecutableElement m, ClassName machine) {
    MethodSpec.Builder b = MethodSpec.methodBuilder(Names.superStubName(m))
        .addModifiers(Modifier.STATIC)
        .returns(ParameterizedTypeName.get(RuntimeNames.TASK, Signatures.boxedResult(m, types)))
        .addJavadoc("{@code super.$L(...)}: starts $L itself on {@code self}, not an"
            + " override.\n", m.getSimpleName(),
            Unnameable.javadocReference(type, Signatures.javadocSignature(m, types)));
    if (m.getModifiers().contains(Modifier.PUBLIC) || m.getModifiers().contains(Modifier.PROTECTED)) {
      b.addModifiers(Modifier.PUBLIC);
    }
    List<TypeVariableName> typeVars = Signatures.typeVariables(type, m);
    b.addTypeVariables(typeVars);
    List<String> args = addParameters(b, type, m, true);
    return b.addStatement("return new $T($L).start()", typed(machine, typeVars),
        String.join(", ", args)).build();
  }

  /**
   * {@code m$fast} of an abstract method: what a stub on a loop and other fast paths call, the
   * implementation of {@code self}'s class through the site's exactly typed handle (its fast
   * path if it is {@code @Async}). Not API.
   */
  private MethodSpec abstractFast(TypeElement type, ExecutableElement m, String site) {
    MethodSpec.Builder b = fastEntrySignature(type, m, m.getModifiers().contains(Modifier.PUBLIC),
        "The fast path of a call of $L: the implementation of {@code self}'s class. Not API.\n");
    List<String> names = addParameters(b, type, m, true);
    Map<String, TypeName> params = new java.util.LinkedHashMap<>();
    for (int i = 0; i < m.getParameters().size(); i++) {
      params.put(names.get(i + 1), Signatures.typeName(m.getParameters().get(i).asType(), types));
    }
    CodeBlock call = DispatchCalls.invoke(CodeBlock.of("$L", dispatcher(site)), "loop$", params);
    TypeName result = Signatures.typeName(m.getReturnType(), types);
    return result.equals(TypeName.VOID) ? b.addStatement("$L", call).build()
        : b.addStatement("return $L$L", DispatchCalls.resultCast(result), call).build();
  }

  /**
   * The signature of {@code m$fast} up to its loop parameter (the caller adds the rest): static,
   * throwing what the fast path throws, public if {@code isPublic}, with {@code m}'s type
   * variables; {@code javadoc} takes the reference to {@code m}.
   */
  private MethodSpec.Builder fastEntrySignature(TypeElement type, ExecutableElement m,
      boolean isPublic, String javadoc) {
    MethodSpec.Builder b = MethodSpec.methodBuilder(CallTargets.fastEntryName(m))
        .addModifiers(Modifier.STATIC)
        .addException(Throwable.class)
        .returns(Signatures.typeName(m.getReturnType(), types))
        .addJavadoc(javadoc, Unnameable.javadocReference(type, Signatures.javadocSignature(m, types)))
        .addTypeVariables(Signatures.typeVariables(type, m));
    if (isPublic) {
      b.addModifiers(Modifier.PUBLIC);
    }
    return b.addParameter(RuntimeNames.EVENT_LOOP, "loop$");
  }


  /** Whether {@code m} overrides an {@code @Async} method of a supertype of {@code type}. */
  private boolean overridesAsync(TypeElement type, ExecutableElement m) {
    if (m.getModifiers().contains(Modifier.STATIC) || m.getModifiers().contains(Modifier.ABSTRACT)
        || m.getModifiers().contains(Modifier.PRIVATE)) {
      return false;
    }
    java.util.Deque<javax.lang.model.type.TypeMirror> supers =
        new java.util.ArrayDeque<>(types.directSupertypes(type.asType()));
    java.util.Set<String> seen = new java.util.HashSet<>();
    while (!supers.isEmpty()) {
      javax.lang.model.element.Element e = types.asElement(supers.pop());
      if (!(e instanceof TypeElement) || !seen.add(((TypeElement) e).getQualifiedName().toString())) {
        continue;
      }
      for (ExecutableElement o : javax.lang.model.util.ElementFilter.methodsIn(e.getEnclosedElements())) {
        if (AsyncAnnotation.isOn(o) && elements.overrides(m, o, type)) {
          return true;
        }
      }
      supers.addAll(types.directSupertypes(e.asType()));
    }
    return false;
  }

  /**
   * {@code m$fast}: the fast path of {@code m}, public for the override sites of the methods it
   * overrides, which call it where a call on a receiver of this class dispatches to it.
   */
  private MethodSpec fastEntry(TypeElement type, ExecutableElement m, ClassName machine,
      boolean overridable) {
    MethodSpec.Builder b = fastEntrySignature(type, m, true,
        "The fast path of $L, for calls of the methods it overrides. Not API.\n");
    List<TypeVariableName> typeVars = Signatures.typeVariables(type, m);
    List<String> args = addParameters(b, type, m, true);
    // the site found this class's method the nearest override: its own body, no dispatch again
    CodeBlock call = CodeBlock.of("$T.$L$L(loop$$, $L)", machine, typeVars.isEmpty() ? ""
        : CodeBlock.of("<$L>", CodeBlock.join(typeVars.stream().map(v -> CodeBlock.of("$T", v))
            .collect(java.util.stream.Collectors.toList()), ", ")), overridable ? "own" : "fast",
        String.join(", ", args));
    return m.getReturnType().getKind() == javax.lang.model.type.TypeKind.VOID
        ? b.addStatement("$L", call).build() : b.addStatement("return $L", call).build();
  }

  private MethodSpec stub(TypeElement type, ExecutableElement m, ClassName machine, String site) {
    MethodSpec.Builder b = MethodSpec.methodBuilder(m.getSimpleName().toString())
        .addModifiers(Modifier.STATIC)
        .returns(ParameterizedTypeName.get(RuntimeNames.TASK, Signatures.boxedResult(m, types)))
        .addJavadoc("Async twin of $L.\n",
            Unnameable.javadocReference(type, Signatures.javadocSignature(m, types)));
    if (m.getModifiers().contains(Modifier.PUBLIC)) {
      b.addModifiers(Modifier.PUBLIC);
    } else if (m.getModifiers().contains(Modifier.PROTECTED)) {
      b.addModifiers(Modifier.PROTECTED);
    }
    List<TypeVariableName> typeVars = Signatures.typeVariables(type, m);
    b.addTypeVariables(typeVars);
    List<String> args = addParameters(b, type, m, !Signatures.isStatic(m));
    CodeBlock argList = CodeBlock.of("$L", String.join(", ", args)); // a name may hold a $
    boolean isAbstract = m.getModifiers().contains(Modifier.ABSTRACT);
    // Off a loop (or in a debug mode) the call starts a machine, on the default loop if none runs
    // here; a receiver whose class overrides the method gets the override's task, as a direct
    // call would (decided once per class); in blocking debug mode (a static final flag, folded
    // away when off) the source method itself runs, on a thread of its own, so that breakpoints
    // in the user's file hit (an override site diverts that call too)
    CodeBlock started = isAbstract ? null
        : CodeBlock.of("new $T($L).start()", typed(machine, typeVars), argList);
    CodeBlock offLoop;
    if (isAbstract) {
      // no body of its own: the receiver's implementation runs, its machine if it is @Async
      offLoop = CodeBlock.of("$L.call(self, new $T[] {$L})", site, Object.class,
          String.join(", ", args.subList(1, args.size())));
    } else if (site != null) {
      offLoop = CodeBlock.of("$L.divertedBy(self) ? $L.callDiverted(self, new $T[] {$L})$W: $L",
          site, site, Object.class, String.join(", ", args.subList(1, args.size())), started);
    } else {
      CodeBlock.Builder parameterTypes = CodeBlock.builder();
      for (VariableElement p : m.getParameters()) {
        parameterTypes.add(parameterTypes.isEmpty() ? "$L" : ", $L",
            Unnameable.classLiteral(p.asType(), types, elements));
      }
      offLoop = CodeBlock.of("$T.BLOCKING ? $T.callBlocking($L, $S, new $T<?>[] {$L}, $L, new $T[] {$L})$W: $L",
          RuntimeNames.DEBUG, RuntimeNames.DEBUG, Unnameable.classLiteral(type.asType(), types, elements),
          m.getSimpleName(), Class.class, parameterTypes.build(), Signatures.isStatic(m) ? "null" : "self",
          Object.class, String.join(", ", Signatures.isStatic(m) ? args : args.subList(1, args.size())),
          started);
    }
    // On a loop: the fast path, which makes no task if the body does not wait (as in C#); it
    // dispatches on self's class itself
    TypeName result = Signatures.typeName(m.getReturnType(), types);
    TypeName boxed = Signatures.boxedResult(m, types);
    CodeBlock fastArgs = args.isEmpty() ? CodeBlock.of("loop$$")
        : CodeBlock.of("loop$$, $L", argList);
    // Type arguments written out: inferred from the arguments they could be captures or Object
    CodeBlock fast = isAbstract ? CodeBlock.of("$L($L)", CallTargets.fastEntryName(m), fastArgs)
        : typeVars.isEmpty() ? CodeBlock.of("$T.fast($L)", machine, fastArgs)
        : CodeBlock.of("$T.<$L>fast($L)", machine, CodeBlock.join(
            typeVars.stream().map(v -> CodeBlock.of("$T", v)).collect(java.util.stream.Collectors.toList()),
            ", "), fastArgs);
    b.addStatement("$T loop$$ = $T.fastLoop()", RuntimeNames.EVENT_LOOP, RuntimeNames.ASYNC_MACHINE);
    // the task the fast path handed off, else a done task of its value (made only here); what
    // the call throws at once, an override's included, is a failed task, on a loop or off it
    if (result.equals(TypeName.VOID)) {
      b.beginControlFlow("if (loop$$ == null)")
          .addStatement("return $L", offLoop)
          .endControlFlow()
          .beginControlFlow("try")
          .addStatement("$L", fast);
    } else {
      b.beginControlFlow("try")
          .addStatement("return loop$$ != null ? $T.<$T>fastTask(loop$$, $L)$W: $L",
              RuntimeNames.ASYNC_MACHINE, boxed, fast, offLoop);
    }
    b.nextControlFlow("catch ($T failure$$)", Throwable.class)
        // failedCall: the fast path's generated frames read as the user's, then a failed task
        .addStatement("return $T.failedCall(failure$$)", RuntimeNames.ASYNC_MACHINE)
        .endControlFlow();
    if (result.equals(TypeName.VOID)) {
      b.addStatement("return $T.fastTask(loop$$, null)", RuntimeNames.ASYNC_MACHINE);
    }
    return b.build();
  }

  /**
   * The parameters of a twin of {@code m}: {@code self} first if {@code withSelf}, then the
   * method's own (renamed if one is called self), as varargs if it is. Returns their names.
   */
  private List<String> addParameters(MethodSpec.Builder b, TypeElement type,
      ExecutableElement m, boolean withSelf) {
    NameAllocator names = new NameAllocator();
    // tagged: an untagged name takes a random UUID, whose SecureRandom costs javac ~13 ms to start
    names.newName("loop$", "loop$"); // the twin's own locals: a parameter of the name is renamed
    names.newName("failure$", "failure$");
    List<String> args = new ArrayList<>();
    if (withSelf) {
      b.addParameter(ParameterSpec.builder(Signatures.selfType(type), names.newName("self", "self")).build());
      args.add("self");
    }
    for (VariableElement p : m.getParameters()) {
      String name = names.newName(p.getSimpleName().toString(), p);
      b.addParameter(ParameterSpec.builder(Signatures.typeName(p.asType(), types), name).build());
      args.add(name);
    }
    b.varargs(m.isVarArgs());
    if (m.isVarArgs() && !Signatures.isReifiableVarargs(m)) {
      b.addAnnotation(SafeVarargs.class);
    }
    return args;
  }
}
