package org.await4j.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;
import org.await4j.processor.RuntimeNames;
import org.await4j.processor.find.CallTargets;
import org.await4j.processor.find.Names;
import org.await4j.processor.find.Signatures;
import org.await4j.processor.find.Unnameable;
import org.await4j.processor.lower.LoweredBody;
import org.await4j.processor.lower.Lowerer;
import org.await4j.processor.lower.State;
import org.await4j.processor.lower.MethodContext;
import org.await4j.processor.lower.TypeNames;

/** Writes one method's machine class from its {@link LoweredBody}. */
public final class MachineWriter {

  private MachineWriter() {}

  /**
   * The machine class of a lowered body, to be nested in its holder ({@link MachinesFile}),
   * with what its async stack traces need.
   */
  public static void addTo(MachinesFile file, MethodContext ctx, LoweredBody lowered) {
    file.add(write(ctx, lowered), lowered.movedTypes, lowered.shared ? frame(ctx, lowered) : null,
        new MachinesFile.Trace(
        ctx.machine.simpleName(), ctx.elements.getBinaryName(ctx.type).toString(),
        ctx.method.getSimpleName().toString(), sourceFileName(ctx), lowered.shared,
        stateLines(lowered), ctx.source, (int) ctx.line(ctx.trees.getSourcePositions()
            .getStartPosition(ctx.unit, ctx.methodTree().getBody()))));
  }

  /**
   * The initializer of a shared body's {@code FRAME$}: it numbers the class for fast paths and
   * makes its task object, fields unset (see {@code fastFrame}). Written after the body (see
   * {@link MachinesFile}): javac 17 numbers a class's lambdas in the order it meets them, and
   * the body's own must keep the numbers they have in the source's class.
   */
  private static String frame(MethodContext ctx, LoweredBody lowered) {
    List<String> args = new ArrayList<>();
    if (!ctx.isStatic) {
      args.add("null");
    }
    for (TypeName t : lowered.parameters.values()) {
      args.add(TypeNames.placeholder(t));
    }
    String machine = ctx.machine.simpleName();
    return "fastFrame(" + (args.isEmpty() ? machine + "::new"
        : "() -> new " + machine + "(" + String.join(", ", args) + ")") + ")";
  }

  /** The source line of each state, for where() and async stack traces. */
  private static String stateLines(LoweredBody lowered) {
    StringBuilder lines = new StringBuilder("new int[] {");
    for (int i = 0; i < lowered.states.size(); i++) {
      lines.append(i == 0 ? "" : ", ").append(lowered.states.get(i).line);
    }
    return lines.append('}').toString();
  }

  /** The name of the source file, as a frame of the source method would give it. */
  private static String sourceFileName(MethodContext ctx) {
    String path = ctx.unit.getSourceFile().toUri().getPath();
    if (path == null) {
      path = ctx.unit.getSourceFile().getName();
    }
    int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    return path.substring(slash + 1);
  }

  /**
   * Writes a generated source in one piece: JavaFile.writeTo(Filer) hands the Filer's unbuffered
   * writer every token on its own, which made half of the processor's garbage.
   */
  public static void writeSource(javax.annotation.processing.Filer filer, String name, String source,
      javax.lang.model.element.Element origin) throws java.io.IOException {
    javax.tools.JavaFileObject out = filer.createSourceFile(name, origin);
    try (java.io.Writer w = out.openWriter()) {
      w.write(source);
    }
  }

  /** Past this many locals, the spill method would pass too many parameters: no fast path. */
  private static final int MAX_SPILLED = 200;

  /**
   * Whether a body lowered for sharing can be one: it keeps no local types (the machine holds
   * them), its locals fit in a method's parameters, and its states in one method.
   */
  public static boolean canShare(LoweredBody shared) {
    return shared.movedTypes.isEmpty() && shared.fields.size() <= MAX_SPILLED
        && !shared.split();
  }

  /**
   * The machine class of a lowered body: a shared body (lowered with {@code fast}) is run both
   * as the fast path and by the machine; any other is the machine's {@code resume()} alone.
   */
  static TypeSpec.Builder write(MethodContext ctx, LoweredBody lowered) {
    boolean shared = lowered.shared;
    TypeName result = Signatures.boxedResult(ctx.method, ctx.types);
    TypeSpec.Builder spec = TypeSpec.classBuilder(ctx.machine)
        // an exported method's fast path is called from other packages' fast paths
        .addModifiers(CallTargets.exported(ctx.method)
            ? new Modifier[] {Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL}
            : new Modifier[] {Modifier.STATIC, Modifier.FINAL})
        .superclass(ParameterizedTypeName.get(RuntimeNames.ASYNC_MACHINE, result))
        .addTypeVariables(Signatures.typeVariables(ctx.type, ctx.method))
        .addJavadoc("State machine of $L, started by {@link $T#$L}. Each case of"
                + " {@link #$L} is one\nstate; its comment gives the source line.\n",
            Unnameable.javadocReference(ctx.type, Signatures.javadocSignature(ctx.method, ctx.types)),
            ctx.twin, ctx.method.getSimpleName(), shared ? "body$" : "resume()")
        .addOriginatingElement(ctx.type)
        // a local class moved in here (class EventLoop {...}) hides the classes of its name that
        // the machine's own code names: those are written in full
        .alwaysQualify(ctx.movedTypeNames());
    MethodSpec.Builder constructor = MethodSpec.constructorBuilder();
    if (!ctx.isStatic) {
      TypeName self = Signatures.selfType(ctx.type);
      // the body spills into a machine made before self is known (see spill)
      spec.addField(shared ? FieldSpec.builder(self, "self", Modifier.PRIVATE).build()
          : FieldSpec.builder(self, "self", Modifier.PRIVATE, Modifier.FINAL).build());
      constructor.addParameter(self, "self").addStatement("this.self = self");
    }
    for (Map.Entry<String, TypeName> p : lowered.parameters.entrySet()) {
      constructor.addParameter(p.getValue(), p.getKey())
          .addStatement("this.$L = $L", p.getKey(), p.getKey());
    }
    spec.addFields(lowered.fields);
    if (!ctx.isStatic || !lowered.parameters.isEmpty() || CallTargets.exported(ctx.method)) {
      spec.addMethod(constructor.build()); // else the implicit one (not public: a module's lint)
    }
    if (shared) {
      SharedBodyWriter.addTo(spec, ctx, lowered);
    } else {
      spec.addMethods(resume(lowered));
      startedAsMachine(ctx, lowered).forEach(spec::addMethod);
    }
    List<String> references = lowered.referenceFields;
    if (!references.isEmpty()) {
      CodeBlock.Builder clear = CodeBlock.builder();
      for (String f : references) {
        clear.addStatement("$L = null", f);
      }
      spec.addMethod(MethodSpec.methodBuilder("clearLocals")
          .addAnnotation(Override.class)
          .addModifiers(Modifier.PROTECTED)
          .addJavadoc("The body has ended: keep nothing alive that its blocking run would have dropped.\n")
          .addCode(clear.build())
          .build());
    }
    ctx.privateAccessors.addTo(spec); // the private members the body uses, last
    return spec;
  }

  /**
   * The machine's fast path with {@code body}: {@code fast} itself, or, for an overridable method,
   * {@code own} with the body and {@code fast} that runs it unless the receiver's class
   * overrides the method (a {@code super} call from an override's fast path calls {@code own}).
   */
  static List<MethodSpec> fastPaths(MethodContext ctx, LoweredBody lowered, String javadoc,
      CodeBlock body) {
    String site = StubWriter.overrideSites(ctx.type, Names.machineMethods(ctx.type), ctx.trees).get(ctx.method);
    MethodSpec.Builder fast = fastSignature(ctx, lowered, "fast");
    if (CallTargets.exported(ctx.method)) {
      fast.addModifiers(Modifier.PUBLIC);
    }
    if (site == null) {
      return List.of(fast.addJavadoc(javadoc).addCode(body).build());
    }
    return List.of(
        fast
            .addJavadoc("Runs the override of self's class, if it has one, else {@link #own}.\n")
            // every caller of a fast path catches what it throws
            .addException(Throwable.class)
            .addCode(overrideDispatch(ctx, lowered, site)).build(),
        fastSignature(ctx, lowered, "own").addModifiers(CallTargets.exported(ctx.method)
            ? new Modifier[] {Modifier.PUBLIC} : new Modifier[0]).addJavadoc(javadoc).addCode(body)
            .build());
  }

  private static MethodSpec.Builder fastSignature(MethodContext ctx, LoweredBody lowered, String name) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.STATIC)
        .addTypeVariables(Signatures.typeVariables(ctx.type, ctx.method))
        .returns(Signatures.typeName(ctx.method.getReturnType(), ctx.types))
        .addParameter(RuntimeNames.EVENT_LOOP, Lowerer.LOOP);
    if (!ctx.isStatic) {
      m.addParameter(Signatures.selfType(ctx.type), "self");
    }
    for (Map.Entry<String, TypeName> p : lowered.parameters.entrySet()) {
      m.addParameter(p.getValue(), p.getKey());
    }
    // another fast path passes a call's variable arguments as the source wrote them
    m.varargs(ctx.method.isVarArgs());
    if (ctx.method.isVarArgs() && !Signatures.isReifiableVarargs(ctx.method)) {
      m.addAnnotation(SafeVarargs.class);
    }
    return m;
  }

  /**
   * A fast path called with a receiver whose class overrides the method runs the override, as
   * a direct call would: through the twin's site, which decides once per class whether it
   * overrides and holds a handle on the override's own fast path (or a plain override), called
   * exactly typed: references pass as Objects, so the call site's type is the handle's.
   */
  private static CodeBlock overrideDispatch(MethodContext ctx, LoweredBody lowered, String site) {
    TypeName result = Signatures.typeName(ctx.method.getReturnType(), ctx.types);
    List<String> own = new ArrayList<>(List.of(Lowerer.LOOP, "self"));
    own.addAll(lowered.parameters.keySet());
    CodeBlock call = DispatchCalls.invoke(CodeBlock.of("$T.$L", ctx.twin, StubWriter.dispatcher(site)),
        Lowerer.LOOP, lowered.parameters);
    List<com.palantir.javapoet.TypeVariableName> vars = Signatures.typeVariables(ctx.type, ctx.method);
    // type arguments written out: a variable only the result mentions is not inferred
    CodeBlock ownCall = vars.isEmpty() ? CodeBlock.of("own($L)", String.join(", ", own))
        // named from its top class: a parameter may be named as the machine class
        : CodeBlock.of("$L.<$L>own($L)", Names.qualified(ctx.machine), CodeBlock.join(vars.stream()
            .map(v -> CodeBlock.of("$T", v)).collect(java.util.stream.Collectors.toList()), ", "),
            String.join(", ", own));
    CodeBlock overridden = CodeBlock.of("$T.$L.overriddenBy(self)", ctx.twin, site);
    if (result.equals(TypeName.VOID)) {
      return CodeBlock.builder().beginControlFlow("if ($L)", overridden).addStatement("$L", call)
          .nextControlFlow("else").addStatement("$L", ownCall).endControlFlow().build();
    }
    return CodeBlock.builder().addStatement("return $L$W? $L$L$W: $L", overridden,
        DispatchCalls.resultCast(result), call, ownCall).build();
  }

  static TypeName machineType(MethodContext ctx) {
    List<com.palantir.javapoet.TypeVariableName> vars =
        Signatures.typeVariables(ctx.type, ctx.method);
    return vars.isEmpty() ? ctx.machine
        : ParameterizedTypeName.get(ctx.machine, vars.toArray(new TypeName[0]));
  }

  private static String constructorArgs(MethodContext ctx, LoweredBody lowered) {
    List<String> args = new ArrayList<>();
    if (!ctx.isStatic) {
      args.add("self");
    }
    args.addAll(lowered.parameters.keySet());
    return String.join(", ", args);
  }

  /** The fast path of a body that cannot have one: it starts the machine. */
  private static List<MethodSpec> startedAsMachine(MethodContext ctx, LoweredBody lowered) {
    TypeName result = Signatures.typeName(ctx.method.getReturnType(), ctx.types);
    TypeName machine = machineType(ctx);
    CodeBlock.Builder body = CodeBlock.builder()
        .addStatement("$T machine$$ = new $T($L)", machine, machine, constructorArgs(ctx, lowered));
    if (result.equals(TypeName.VOID)) {
      body.addStatement("machine$$.startFast($L)", Lowerer.LOOP);
    } else {
      body.beginControlFlow("if (machine$$.startFast($L))", Lowerer.LOOP)
          .addStatement("return machine$$.resultNow()")
          .endControlFlow()
          .addStatement("return $L", TypeNames.placeholder(result));
    }
    return fastPaths(ctx, lowered, "Starts the machine (this body has no fast path); returns its"
        + " value if it ended at once,\nelse hands it off (the caller awaits it).\n", body.build());
  }

  private static List<MethodSpec> resume(LoweredBody lowered) {
    List<List<State>> parts = lowered.parts;
    if (!lowered.split()) {
      return List.of(MethodSpec.methodBuilder("resume")
          .addAnnotation(Override.class)
          .addModifiers(Modifier.PROTECTED)
          .addCode(steps(lowered, parts.get(0), false, false, lowered.failureNames.get(0)))
          .build());
    }
    // A long machine: resume() picks the part that holds the current state; a part returns
    // false when the state moved to another part, true when the machine stops stepping.
    List<MethodSpec> methods = new ArrayList<>();
    CodeBlock.Builder dispatch = CodeBlock.builder().beginControlFlow("for (;;)")
        .addStatement("boolean stop");
    for (int i = 0; i < parts.size(); i++) {
      List<State> p = parts.get(i);
      int last = p.get(p.size() - 1).id;
      String name = "resumePart" + (i + 1);
      if (i == 0) {
        dispatch.beginControlFlow("if (state <= $L)", last);
      } else if (i < parts.size() - 1) {
        dispatch.nextControlFlow("else if (state <= $L)", last);
      } else {
        dispatch.nextControlFlow("else");
      }
      dispatch.addStatement("stop = $L()", name);
      methods.add(MethodSpec.methodBuilder(name)
          .addModifiers(Modifier.PRIVATE)
          .returns(boolean.class)
          .addJavadoc("States $L to $L.\n", p.get(0).id, last)
          .addCode(steps(lowered, p, true, false, lowered.failureNames.get(i)))
          .build());
    }
    dispatch.endControlFlow()
        .beginControlFlow("if (stop)").addStatement("return").endControlFlow()
        .endControlFlow();
    methods.add(0, MethodSpec.methodBuilder("resume")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PROTECTED)
        .addCode(dispatch.build())
        .build());
    return methods;
  }

  /**
   * The step loop over some states: a switch, and the handlers of their try blocks. No loop
   * where no state jumps to another and nothing is caught: the states only fall through.
   */
  static CodeBlock steps(LoweredBody lowered, List<State> states, boolean part,
      boolean fast, String failure) {
    Map<String, List<Integer>> byHandler = new LinkedHashMap<>();
    for (State s : states) {
      if (s.handler >= 0) {
        byHandler.computeIfAbsent(String.valueOf(s.handler), k -> new ArrayList<>()).add(s.id);
      }
    }
    String pending = lowered.pendingStateField;
    boolean loop = lowered.resumeLabel != null || pending != null || !byHandler.isEmpty();
    CodeBlock.Builder body = CodeBlock.builder();
    if (lowered.resumeLabel != null) {
      body.beginControlFlow("$L: for (;;)", lowered.resumeLabel);
    } else if (loop) {
      body.beginControlFlow("for (;;)"); // a handler's state runs next
    }
    if (pending != null) {
      // a jump out of Java finally blocks: it takes effect once they have run
      body.beginControlFlow("if ($L >= 0)", pending)
          .addStatement("state = $L", pending)
          .addStatement("$L = -1", pending)
          .endControlFlow();
    }
    body.beginControlFlow("try")
        .beginControlFlow("switch (state)");
    State last = states.get(states.size() - 1);
    for (State s : states) {
      // the last state is also the default: the generated code sets no other
      String label = s == last && !part ? "case $L: default:" : "case $L:";
      body.add(label + (s.declares ? " {\n$>" : "\n$>"), s.id);
      body.add("// $L\n", safeComment(s.comment));
      body.add(s.code);
      body.add(s.declares ? "$<}\n" : "$<");
    }
    if (part) {
      body.add("default:\n$>return false; // a state of another part\n$<");
    }
    body.endControlFlow().nextControlFlow("catch ($T $L)", Throwable.class, failure);
    if (pending != null) {
      body.addStatement("$L = -1", pending); // a Java finally threw: that jump is off
    }
    if (byHandler.isEmpty()) {
      body.add(uncaught(lowered, failure, fast, !loop));
    } else {
      body.add("// the handler of the try block around the failed state\n");
      CodeBlock otherwise = uncaught(lowered, failure, fast, false);
      // one statement a branch (the usual case) needs no braces
      String text = otherwise.toString();
      boolean braces = text.indexOf('\n') < text.length() - 1;
      boolean first = true;
      for (Map.Entry<String, List<Integer>> h : byHandler.entrySet()) {
        String in = statesIn(h.getValue());
        if (braces) {
          if (first) {
            body.beginControlFlow("if ($L)", in);
          } else {
            body.nextControlFlow("else if ($L)", in);
          }
          body.addStatement("state = $L", h.getKey());
        } else {
          body.add(first ? "if ($L) state = $L;\n" : "else if ($L) state = $L;\n", in, h.getKey());
        }
        first = false;
      }
      if (braces) {
        body.nextControlFlow("else").add(otherwise).endControlFlow();
      } else {
        body.add("else ").add(otherwise);
      }
      // caught(): noted for its async trace; the catch clause that takes it writes the trace
      // (withTrace) or holds it unwritten when it reads at most the message (messageOnly)
      body.addStatement("$L = caught($L)", lowered.caughtField, failure);
    }
    body.endControlFlow();
    if (loop) {
      body.endControlFlow();
    }
    return body.build();
  }

  /** A test of {@code state} for the given states (ascending): one range per run of them. */
  private static String statesIn(List<Integer> ids) {
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < ids.size(); ) {
      int from = ids.get(i);
      int to = from;
      while (i + 1 < ids.size() && ids.get(i + 1) == to + 1) {
        to = ids.get(++i);
      }
      i++;
      runs.add(from == to ? "state == " + from
          : to == from + 1 ? "state == " + from + " || state == " + to
          : "state >= " + from + " && state <= " + to);
    }
    return String.join(" || ", runs);
  }

  /**
   * An exception no handler of the body catches: the machine fails with it; the fast path
   * throws it to its caller, or fails the task object made for it.
   */
  private static CodeBlock uncaught(LoweredBody lowered, String failure, boolean fast,
      boolean last) {
    if (!fast) {
      return CodeBlock.of("completeExceptionally($L);\n$L;\n", failure, lowered.stop);
    }
    TypeName result = lowered.returnType;
    String suffix = TypeNames.helperSuffix(result); // failed, failedInt, ...
    if (suffix != null) {
      return CodeBlock.of("return failed$L($L, $L, $L, $L);\n", suffix, Lowerer.MACHINE,
          Lowerer.LOOP, Lowerer.OUTER, failure);
    }
    CodeBlock.Builder b = CodeBlock.builder()
        .addStatement("failFast($L, $L, $L, $L)", Lowerer.MACHINE, Lowerer.LOOP, Lowerer.OUTER,
            failure);
    if (!result.equals(TypeName.VOID)) {
      b.addStatement("return $L", TypeNames.placeholder(result));
    } else if (!last) {
      b.addStatement("return"); // else the body's end is next
    }
    return b.build();
  }

  /** Source text in a line comment: unicode escapes would still be read by javac. */
  private static String safeComment(String comment) {
    if (comment == null) {
      return "continues the previous state";
    }
    return comment.replace("\\u", "\\ u");
  }
}
