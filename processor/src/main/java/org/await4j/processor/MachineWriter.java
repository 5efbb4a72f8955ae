package org.await4j.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/** Writes one method's machine class from what {@link Lowerer} produced. */
final class MachineWriter {
  static final ClassName ASYNC_MACHINE = ClassName.get("org.await4j.internal", "AsyncMachine");

  private MachineWriter() {}

  /**
   * Writes the machine. Local types of the body that moved into it are source text, which
   * JavaPoet cannot hold as members: they go in before the class's closing brace.
   */
  static void writeTo(javax.annotation.processing.Filer filer, MethodContext ctx, Lowerer lowered)
      throws java.io.IOException {
    JavaFile file = write(ctx, lowered);
    if (lowered.movedTypes.isEmpty()) {
      file.writeTo(filer);
      return;
    }
    String source = file.toString();
    int end = source.lastIndexOf('}');
    StringBuilder members = new StringBuilder();
    for (CodeBlock type : lowered.movedTypes) {
      members.append("\n  // moved here from the @Async body: states share it\n");
      for (String line : type.toString().split("\n", -1)) {
        members.append(line.isEmpty() ? "" : "  " + line).append('\n');
      }
    }
    source = source.substring(0, end).replaceAll("\\s+$", "\n") + members + "}\n";
    javax.tools.JavaFileObject out =
        filer.createSourceFile(ctx.machine.canonicalName(), ctx.type);
    try (java.io.Writer w = out.openWriter()) {
      w.write(source);
    }
  }

  static JavaFile write(MethodContext ctx, Lowerer lowered) {
    TypeName result = Signatures.boxedResult(ctx.method, ctx.types);
    TypeSpec.Builder spec = TypeSpec.classBuilder(ctx.machine)
        .addModifiers(Modifier.FINAL)
        .superclass(ParameterizedTypeName.get(ASYNC_MACHINE, result))
        .addTypeVariables(Signatures.typeVariables(ctx.type, ctx.method))
        .addAnnotation(StubWriter.generated())
        .addAnnotation(AnnotationSpec.builder(SuppressWarnings.class)
            .addMember("value", "{$S, $S}", "unchecked", "fallthrough").build())
        .addJavadoc("State machine of {@link $T#$L}, started by {@link $T#$L}. Each case of"
                + " {@link #resume()} is one\nstate; its comment gives the source line.\n",
            ClassName.get(ctx.type), Signatures.javadocSignature(ctx.method, ctx.types),
            ctx.twin, ctx.method.getSimpleName())
        .addOriginatingElement(ctx.type);
    MethodSpec.Builder constructor = MethodSpec.constructorBuilder();
    if (!ctx.isStatic) {
      TypeName self = Signatures.selfType(ctx.type);
      spec.addField(FieldSpec.builder(self, "self", Modifier.PRIVATE, Modifier.FINAL).build());
      constructor.addParameter(self, "self").addStatement("this.self = self");
    }
    for (Map.Entry<String, TypeName> p : lowered.parameters.entrySet()) {
      constructor.addParameter(p.getValue(), p.getKey())
          .addStatement("this.$L = $L", p.getKey(), p.getKey());
    }
    spec.addFields(lowered.fields);
    spec.addMethod(constructor.build());
    spec.addMethods(resume(lowered));
    // where(): the source line of each state, for toString() and the debug mode
    CodeBlock.Builder lines = CodeBlock.builder().add("{");
    for (int i = 0; i < lowered.states.size(); i++) {
      lines.add(i == 0 ? "$L" : ", $L", lineOf(lowered.states.get(i), ctx));
    }
    String linesField = lowered.freshName("LINES");
    spec.addField(FieldSpec.builder(int[].class, linesField, Modifier.PRIVATE, Modifier.STATIC,
        Modifier.FINAL).initializer(lines.add("}").build()).build());
    spec.addMethod(MethodSpec.methodBuilder("where")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(String.class)
        .addStatement("return $S + (state < $L.length ? $L[state] : 0)",
            ctx.type.getSimpleName() + "." + ctx.method.getSimpleName() + ", line ",
            linesField, linesField)
        .build());
    List<String> references = lowered.referenceFields();
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
    return JavaFile.builder(ctx.machine.packageName(), spec.build())
        .skipJavaLangImports(true).build();
  }

  /** Past this much code, resume() is split into parts: a JVM method holds 64 KiB at most. */
  private static final int PART_CHARS = 12_000;

  private static List<MethodSpec> resume(Lowerer lowered) {
    List<List<Lowerer.State>> parts = new ArrayList<>();
    List<Lowerer.State> part = new ArrayList<>();
    int chars = 0;
    for (Lowerer.State s : lowered.states) {
      int size = s.code.build().toString().length() + 40;
      if (!part.isEmpty() && chars + size > PART_CHARS) {
        parts.add(part);
        part = new ArrayList<>();
        chars = 0;
      }
      part.add(s);
      chars += size;
    }
    parts.add(part);
    lowered.split = parts.size() > 1;
    if (!lowered.split) {
      return List.of(MethodSpec.methodBuilder("resume")
          .addAnnotation(Override.class)
          .addModifiers(Modifier.PROTECTED)
          .addCode(steps(lowered, part, false))
          .build());
    }
    // A long machine: resume() picks the part that holds the current state; a part returns
    // false when the state moved to another part, true when the machine stops stepping.
    List<MethodSpec> methods = new ArrayList<>();
    CodeBlock.Builder dispatch = CodeBlock.builder().beginControlFlow("for (;;)")
        .addStatement("boolean stop");
    for (int i = 0; i < parts.size(); i++) {
      List<Lowerer.State> p = parts.get(i);
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
          .addCode(steps(lowered, p, true))
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

  /** The step loop over some states: a switch, and the handlers of their try blocks. */
  private static CodeBlock steps(Lowerer lowered, List<Lowerer.State> states, boolean part) {
    CodeBlock.Builder body = CodeBlock.builder()
        .beginControlFlow("$L: for (;;)", lowered.resumeLabel);
    String pending = lowered.pendingStateField();
    if (pending != null) {
      // a jump out of Java finally blocks: it takes effect once they have run
      body.beginControlFlow("if ($L >= 0)", pending)
          .addStatement("state = $L", pending)
          .addStatement("$L = -1", pending)
          .endControlFlow();
    }
    body.beginControlFlow("try")
        .beginControlFlow("switch (state)");
    for (Lowerer.State s : states) {
      body.add("case $L: {\n$>", s.id);
      body.add("// $L\n", safeComment(s.comment));
      body.add(s.code.build());
      body.add("$<}\n");
    }
    if (part) {
      body.add("default:\n$>return false; // a state of another part\n$<");
    } else {
      body.add("default:\n$>throw new $T($S + state);\n$<", IllegalStateException.class,
          "no such state: ");
    }
    String failure = lowered.freshName("failure");
    body.endControlFlow().nextControlFlow("catch ($T $L)", Throwable.class, failure);
    if (pending != null) {
      body.addStatement("$L = -1", pending); // a Java finally threw: that jump is off
    }
    Map<String, List<Integer>> byHandler = new LinkedHashMap<>();
    for (Lowerer.State s : states) {
      if (s.handler != null) {
        byHandler.computeIfAbsent(s.handler.toString(), k -> new ArrayList<>()).add(s.id);
      }
    }
    if (byHandler.isEmpty()) {
      body.addStatement("completeExceptionally($L)", failure).addStatement("$L", lowered.stop);
    } else {
      body.add("// the handler of the try block around the failed state\n");
      body.beginControlFlow("switch (state)");
      for (Map.Entry<String, List<Integer>> h : byHandler.entrySet()) {
        for (int id : h.getValue()) {
          body.add("case $L:\n", id);
        }
        body.add("$>state = $L;\nbreak;\n$<", h.getKey());
      }
      body.add("default:\n$>completeExceptionally($L);\n$L;\n$<", failure, lowered.stop);
      body.endControlFlow();
      body.addStatement("$L = $L", lowered.caughtField(), failure);
    }
    body.endControlFlow().endControlFlow();
    return body.build();
  }

  /** The source line a state came from, read off its comment; the method's line if none. */
  private static long lineOf(Lowerer.State s, MethodContext ctx) {
    if (s.comment != null && s.comment.startsWith("line ")) {
      int colon = s.comment.indexOf(':');
      if (colon > 5) {
        try {
          return Long.parseLong(s.comment.substring(5, colon));
        } catch (NumberFormatException ignored) {
          // fall through
        }
      }
    }
    return ctx.line(ctx.trees.getSourcePositions().getStartPosition(ctx.unit, ctx.methodTree()));
  }

  /** Source text in a line comment: unicode escapes would still be read by javac. */
  private static String safeComment(String comment) {
    if (comment == null) {
      return "continues the previous state";
    }
    return comment.replace("\\u", "\\ u");
  }
}
