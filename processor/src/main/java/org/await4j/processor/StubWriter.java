package org.await4j.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
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
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Types;

/**
 * Writes {@code <Name>Async}: one static stub per @Async method, from the elements alone (no
 * attribution of bodies, so it is safe in the first round). Each stub starts the method's
 * machine, which a later round writes.
 */
final class StubWriter {
  static final ClassName TASK = ClassName.get("org.await4j", "Task");
  static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

  private final Types types;

  StubWriter(Types types) {
    this.types = types;
  }

  JavaFile write(TypeElement type, ClassName twin, List<ExecutableElement> methods,
      Map<ExecutableElement, ClassName> machines) {
    TypeSpec.Builder spec = TypeSpec.classBuilder(twin)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addAnnotation(generated())
        .addJavadoc("Async twins of the {@code @Async} methods of {@link $T}: each starts the"
            + " method's state machine\nand returns its {@link $T}.\n", ClassName.get(type), TASK)
        .addOriginatingElement(type)
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    for (ExecutableElement m : methods) {
      spec.addMethod(stub(type, m, machines.get(m)));
    }
    return JavaFile.builder(twin.packageName(), spec.build()).skipJavaLangImports(true).build();
  }

  static AnnotationSpec generated() {
    return AnnotationSpec.builder(GENERATED)
        .addMember("value", "$S", AsyncProcessor.class.getName()).build();
  }

  private MethodSpec stub(TypeElement type, ExecutableElement m, ClassName machine) {
    MethodSpec.Builder b = MethodSpec.methodBuilder(m.getSimpleName().toString())
        .addModifiers(Modifier.STATIC)
        .returns(ParameterizedTypeName.get(TASK, Signatures.boxedResult(m, types)))
        .addJavadoc("Async twin of {@link $T#$L}.\n", ClassName.get(type), Signatures.javadocSignature(m, types));
    if (m.getModifiers().contains(Modifier.PUBLIC)) {
      b.addModifiers(Modifier.PUBLIC);
    } else if (m.getModifiers().contains(Modifier.PROTECTED)) {
      b.addModifiers(Modifier.PROTECTED);
    }
    List<TypeVariableName> typeVars = Signatures.typeVariables(type, m);
    b.addTypeVariables(typeVars);
    NameAllocator names = new NameAllocator();
    List<String> args = new ArrayList<>();
    if (!Signatures.isStatic(m)) {
      b.addParameter(ParameterSpec.builder(Signatures.selfType(type), names.newName("self")).build());
      args.add("self");
    }
    for (VariableElement p : m.getParameters()) {
      String name = names.newName(p.getSimpleName().toString(), p);
      b.addParameter(ParameterSpec.builder(TypeName.get(p.asType()), name).build());
      args.add(name);
    }
    b.varargs(m.isVarArgs());
    CodeBlock argList = CodeBlock.of(String.join(", ", args));
    if (typeVars.isEmpty()) {
      b.addStatement("return new $T($L).start()", machine, argList);
    } else {
      b.addStatement("return new $T<>($L).start()", machine, argList);
    }
    return b.build();
  }
}
