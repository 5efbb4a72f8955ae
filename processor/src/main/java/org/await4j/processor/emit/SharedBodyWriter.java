package org.await4j.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;
import org.await4j.processor.RuntimeNames;
import org.await4j.processor.find.Signatures;
import org.await4j.processor.lower.LoweredBody;
import org.await4j.processor.lower.Lowerer;
import org.await4j.processor.lower.MethodContext;
import org.await4j.processor.lower.TypeNames;

/**
 * The methods of a machine class whose body is shared ({@link LoweredBody#shared}): the body's one
 * copy {@code body$}, the fast path and {@code resume()} that enter it, and {@code spill$}, where
 * it leaves its locals in the machine to wait.
 */
public final class SharedBodyWriter {
  private SharedBodyWriter() {}

  static void addTo(TypeSpec.Builder spec, MethodContext ctx, LoweredBody lowered) {
    spec.addMethod(resume(ctx, lowered));
    fastPath(ctx, lowered).forEach(spec::addMethod);
    spec.addMethod(sharedBody(ctx, lowered));
    spec.addMethod(spill(ctx, lowered));
  }

  /** The machine resumes: it runs the shared body over its fields, from its state. */
  private static MethodSpec resume(MethodContext ctx, LoweredBody lowered) {
    List<String> args = new ArrayList<>(List.of("this", "loop()", "state", "this"));
    args.addAll(spilled(ctx, lowered));
    return MethodSpec.methodBuilder("resume")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PROTECTED)
        .addStatement("$L($L)", ctx.sharedCall("body$"), String.join(", ", args))
        .build();
  }

  /**
   * The body on the caller's stack, with plain locals for the machine's fields: as C# runs an
   * async method, it allocates nothing until an await must wait. There it spills into the
   * machine (see {@link #spill}) and hands it to the caller instead of returning a value.
   */
  private static List<MethodSpec> fastPath(MethodContext ctx, LoweredBody lowered) {
    List<String> args = new ArrayList<>(List.of("null", Lowerer.LOOP, "0", "null"));
    if (!ctx.isStatic) {
      args.add("self");
    }
    for (FieldSpec f : lowered.fields) {
      if (f.modifiers().contains(Modifier.STATIC)) {
        continue;
      }
      if (lowered.parameters.containsKey(f.name())) {
        args.add(f.name());
      } else {
        args.add(f.initializer().isEmpty() ? TypeNames.placeholder(f.type())
            : f.initializer().toString());
      }
    }
    CodeBlock call = CodeBlock.of("$L($L)", ctx.sharedCall("body$"), String.join(", ", args));
    boolean isVoid = Signatures.typeName(ctx.method.getReturnType(), ctx.types).equals(TypeName.VOID);
    // the body enters the caller's frame and leaves it wherever it ends (see enterBody)
    CodeBlock body = CodeBlock.builder()
        .addStatement(isVoid ? CodeBlock.of("$L", call) : CodeBlock.of("return $L", call))
        .build();
    return MachineWriter.fastPaths(ctx, lowered, "Runs the body without a machine until an await"
        + " must wait, then spills into one and hands it\noff (the caller awaits it); else returns"
        + " the body's value.\n", body);
  }

  /**
   * The body's one copy, with plain locals for the machine's fields: run by {@link #fastPath}
   * on the caller's stack ({@code machine$} null) and by {@code resume()} over the machine's
   * fields. Where an await must wait it spills the locals into the machine and returns.
   */
  private static MethodSpec sharedBody(MethodContext ctx, LoweredBody lowered) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("body$")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addTypeVariables(Signatures.typeVariables(ctx.type, ctx.method))
        .returns(ctx.bodyResult())
        .addParameter(MachineWriter.machineType(ctx), Lowerer.MACHINE)
        .addParameter(RuntimeNames.EVENT_LOOP, Lowerer.LOOP)
        .addParameter(int.class, "state")
        .addParameter(Object.class, Lowerer.AWAITED);
    addSpilledParameters(m, ctx, lowered);
    CodeBlock.Builder body = CodeBlock.builder()
        .addStatement("int $L = enterBody($L, $L, FRAME$$)", Lowerer.OUTER, Lowerer.MACHINE,
            Lowerer.LOOP);
    for (FieldSpec f : lowered.fastLocals) {
      body.addStatement("$T $L = $L", f.type(), f.name(), TypeNames.placeholder(f.type()));
    }
    body.add(MachineWriter.steps(lowered, lowered.states, false, true,
        lowered.failureNames.get(0)));
    return m.addCode(body.build()).build();
  }

  /** The shared body's locals that live in the machine's fields: self, then each field. */
  private static List<String> spilled(MethodContext ctx, LoweredBody lowered) {
    List<String> names = new ArrayList<>();
    if (!ctx.isStatic) {
      names.add("self");
    }
    for (FieldSpec f : lowered.fields) {
      if (!f.modifiers().contains(Modifier.STATIC)) {
        names.add(f.name());
      }
    }
    return names;
  }

  private static void addSpilledParameters(MethodSpec.Builder m, MethodContext ctx,
      LoweredBody lowered) {
    if (!ctx.isStatic) {
      m.addParameter(Signatures.selfType(ctx.type), "self");
    }
    for (FieldSpec f : lowered.fields) {
      if (!f.modifiers().contains(Modifier.STATIC)) {
        m.addParameter(f.type(), f.name());
      }
    }
  }

  /**
   * The shared body must wait at {@code state$}: its locals go into the machine that runs it, or
   * into a new one when it runs as the fast path, which then takes over.
   */
  private static MethodSpec spill(MethodContext ctx, LoweredBody lowered) {
    TypeName result = ctx.bodyResult();
    TypeName machine = MachineWriter.machineType(ctx);
    MethodSpec.Builder m = MethodSpec.methodBuilder("spill$")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addTypeVariables(Signatures.typeVariables(ctx.type, ctx.method))
        .returns(result)
        .addJavadoc("The body must wait at {@code state$$}: the machine takes over from its"
            + " locals.\n")
        .addParameter(machine, Lowerer.MACHINE)
        .addParameter(RuntimeNames.EVENT_LOOP, Lowerer.LOOP)
        .addParameter(int.class, "state$")
        .addParameter(Object.class, Lowerer.AWAITED)
        .addParameter(int.class, Lowerer.OUTER);
    addSpilledParameters(m, ctx, lowered);
    // the machine that runs the body, else a new one (or the fast path's task object)
    CodeBlock.Builder body = CodeBlock.builder()
        .addStatement("$T into$$ = spillInto($L, $L, FRAME$$)", machine, Lowerer.MACHINE,
            Lowerer.LOOP);
    for (String name : spilled(ctx, lowered)) {
      body.addStatement("into$$.$L = $L", name, name);
    }
    String resume = "into$$.resumeFromFast($L, state$$, $L, $L != null, $L)";
    if (result.isPrimitive()) {
      // a primitive placeholder: null would not unbox
      body.addStatement(resume, Lowerer.LOOP, Lowerer.AWAITED, Lowerer.MACHINE, Lowerer.OUTER)
          .addStatement("return $L", TypeNames.placeholder(result));
    } else {
      body.addStatement("return " + resume, Lowerer.LOOP, Lowerer.AWAITED, Lowerer.MACHINE,
          Lowerer.OUTER);
    }
    return m.addCode(body.build()).build();
  }
}
