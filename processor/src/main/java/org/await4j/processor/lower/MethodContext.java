package org.await4j.processor.lower;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeVariableName;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import org.await4j.processor.Diagnostics;
import org.await4j.processor.find.Signatures;

/** What every stage knows about the one @Async method it works on. */
public final class MethodContext {
  public final Trees trees;
  public final Elements elements;
  public final Types types;
  final TypeNames typeNames;
  final Diagnostics diagnostics;
  public final TypeElement type;
  public final ExecutableElement method;
  final TreePath methodPath;
  public final CompilationUnitTree unit;
  public final String source;
  public final ClassName twin;
  public final ClassName machine;

  /** The machine class as messages name it: {@code CatalogAsyncMachines.page}. */
  public String machineName() {
    return String.join(".", machine.simpleNames());
  }
  public final boolean isStatic;
  /** Local types of the body that moved into the machine class, by their new names. */
  final java.util.Map<TypeElement, ClassName> movedTypes = new java.util.HashMap<>();

  /** The simple names of the local classes moved into the machine, which hide others there. */
  public String[] movedTypeNames() {
    return movedTypes.values().stream().map(ClassName::simpleName).toArray(String[]::new);
  }
  /** The private members the body uses, each through an accessor of the machine. */
  public final PrivateAccessors privateAccessors = new PrivateAccessors(this);
  /** What the machine's code for an expression is typed as, where private classes change it. */
  final MachineTypes machineTypes = new MachineTypes(this);
  /** Where values of private classes need a cast in the machine. */
  final PrivateValues privateValues = new PrivateValues(this);

  public MethodContext(Trees trees, Elements elements, Types types, Diagnostics diagnostics,
      TypeElement type, ExecutableElement method, TreePath methodPath, String source,
      ClassName twin, ClassName machine) {
    this.trees = trees;
    this.elements = elements;
    this.types = types;
    this.typeNames = new TypeNames(types, movedTypes, Signatures.typeVariables(type, method));
    this.diagnostics = diagnostics;
    this.type = type;
    this.method = method;
    this.methodPath = methodPath;
    this.unit = methodPath.getCompilationUnit();
    this.source = source;
    this.twin = twin;
    this.machine = machine;
    this.isStatic = Signatures.isStatic(method);
  }

  public MethodTree methodTree() {
    return (MethodTree) methodPath.getLeaf();
  }

  /** The line number of a source position, 1-based. */
  public long line(long pos) {
    return unit.getLineMap().getLineNumber(pos);
  }

  /** The source line at {@code pos}, trimmed and shortened for a state comment. */
  String lineText(long pos) {
    long line = line(pos);
    int start = (int) unit.getLineMap().getStartPosition(line);
    int end = source.indexOf('\n', start);
    String text = source.substring(start, end < 0 ? source.length() : end).trim();
    return text.length() > 100 ? text.substring(0, 97) + "..." : text;
  }

  /**
   * What the shared body and its spill return: the method's result, {@code Void} for a void
   * method, so that a spill or a return leaves the body in one statement ({@code return
   * spill$(...);}); the fast path that calls it returns nothing.
   */
  public com.palantir.javapoet.TypeName bodyResult() {
    return method.getReturnType().getKind() == javax.lang.model.type.TypeKind.VOID
        ? ClassName.get(Void.class) : Signatures.typeName(method.getReturnType(), types);
  }

  /**
   * How the machine class's generic static {@code method} is called: with its type arguments
   * written out ({@code M.<T>body$}), since javac cannot always infer them from the arguments
   * (a {@code Predicate<? super T>} with {@code T extends BloomFilter<T>}: commons-collections4).
   */
  public CodeBlock sharedCall(String name) {
    List<TypeVariableName> vars = Signatures.typeVariables(type, method);
    if (vars.isEmpty()) {
      return CodeBlock.of("$L", name);
    }
    List<CodeBlock> names = new ArrayList<>();
    for (TypeVariableName v : vars) {
      names.add(CodeBlock.of("$L", v.name()));
    }
    return CodeBlock.of("$L.<$L>$L", org.await4j.processor.find.Names.qualified(machine),
        CodeBlock.join(names, ", "), name);
  }
}
