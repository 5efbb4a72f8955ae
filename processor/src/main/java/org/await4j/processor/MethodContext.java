package org.await4j.processor;

import com.palantir.javapoet.ClassName;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/** What every stage knows about the one @Async method it works on. */
final class MethodContext {
  final Trees trees;
  final Elements elements;
  final Types types;
  final TypeNames typeNames;
  final Diagnostics diagnostics;
  final TypeElement type;
  final ExecutableElement method;
  final TreePath methodPath;
  final CompilationUnitTree unit;
  final String source;
  final ClassName twin;
  final ClassName machine;
  final boolean isStatic;
  /** Local types of the body that moved into the machine class, by their new names. */
  final java.util.Map<TypeElement, ClassName> movedTypes = new java.util.HashMap<>();
  /** The private members the body uses, each through an accessor of the machine. */
  final PrivateAccessors privateAccessors = new PrivateAccessors(this);

  MethodContext(Trees trees, Elements elements, Types types, Diagnostics diagnostics,
      TypeElement type, ExecutableElement method, TreePath methodPath, String source,
      ClassName twin, ClassName machine) {
    this.trees = trees;
    this.elements = elements;
    this.types = types;
    this.typeNames = new TypeNames(types, movedTypes);
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

  MethodTree methodTree() {
    return (MethodTree) methodPath.getLeaf();
  }

  /** The line number of a source position, 1-based. */
  long line(long pos) {
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
}
