package org.await4j.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Types;
import org.await4j.processor.RuntimeNames;
import org.await4j.processor.find.Signatures;
import org.await4j.processor.find.Unnameable;

/**
 * Writes a machine class that cannot fail to compile, for a method whose body could not be
 * compiled (it has errors of its own, or the processor reported why it cannot be transformed).
 * The twin's stubs and other machines still find the class they call, so every message of the
 * build points into the user's source, never into generated code. The build fails anyway.
 */
public final class StandInWriter {
  private StandInWriter() {}

  public static TypeSpec.Builder write(TypeElement type, ExecutableElement method, ClassName machine, Types types,
      javax.lang.model.util.Elements elements) {
    String why = "not compiled: " + type.getSimpleName() + "." + method.getSimpleName()
        + " had compile errors";
    TypeName result = Signatures.boxedResult(method, types);
    MethodSpec.Builder constructor = MethodSpec.constructorBuilder();
    boolean exported = org.await4j.processor.find.CallTargets.exported(method);
    MethodSpec.Builder fast = MethodSpec.methodBuilder("fast")
        .addModifiers(exported ? new Modifier[] {Modifier.PUBLIC, Modifier.STATIC}
            : new Modifier[] {Modifier.STATIC})
        .addTypeVariables(Signatures.typeVariables(type, method))
        .returns(Signatures.typeName(method.getReturnType(), types))
        .addParameter(RuntimeNames.EVENT_LOOP, "loop$")
        .addStatement("throw new $T($S)", IllegalStateException.class, why);
    if (!Signatures.isStatic(method)) {
      constructor.addParameter(Signatures.selfType(type), "self");
      fast.addParameter(Signatures.selfType(type), "self");
    }
    for (VariableElement p : method.getParameters()) {
      constructor.addParameter(Signatures.typeName(p.asType(), types), p.getSimpleName() + "$");
      fast.addParameter(Signatures.typeName(p.asType(), types), p.getSimpleName() + "$");
    }
    fast.varargs(method.isVarArgs());
    constructor.varargs(method.isVarArgs());
    if (method.isVarArgs() && !Signatures.isReifiableVarargs(method)) {
      fast.addAnnotation(SafeVarargs.class);
    }
    return TypeSpec.classBuilder(machine)
        .addModifiers(exported ? new Modifier[] {Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL}
            : new Modifier[] {Modifier.STATIC, Modifier.FINAL})
        .superclass(ParameterizedTypeName.get(RuntimeNames.ASYNC_MACHINE, result))
        .addTypeVariables(Signatures.typeVariables(type, method))
        .addJavadoc("Stands in for the state machine of $L, whose source had compile"
            + " errors.\n", Unnameable.javadocReference(type, Signatures.javadocSignature(method, types)))
        .addOriginatingElement(type)
        .addMethod(constructor.build())
        .addMethod(MethodSpec.methodBuilder("resume")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PROTECTED)
            .addStatement("throw new $T($S)", IllegalStateException.class, why)
            .build())
        .addMethod(fast.build());
  }
}
