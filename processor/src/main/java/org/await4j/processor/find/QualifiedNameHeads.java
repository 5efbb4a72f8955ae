package org.await4j.processor.find;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import javax.lang.model.element.Element;

/**
 * The first names of the qualified names of a source file that may be packages ({@code java} of
 * {@code java.util.List}; not {@code list} of {@code list.size()}, a variable of the file): a
 * machine class nested in the holder under one of these names would hide that package from the
 * code printed there. Read from the syntax alone, so that every round finds the same names.
 */
final class QualifiedNameHeads {
  private QualifiedNameHeads() {}

  /** One scan per file, shared by the rounds and the twins of its classes. */
  private static final Map<CompilationUnitTree, Set<String>> CACHE =
      Collections.synchronizedMap(new WeakHashMap<>());

  static Set<String> of(Element method, Trees trees) {
    TreePath path = trees == null ? null : trees.getPath(method);
    if (path == null) {
      return Set.of();
    }
    return CACHE.computeIfAbsent(path.getCompilationUnit(), QualifiedNameHeads::scan);
  }

  private static Set<String> scan(CompilationUnitTree unit) {
    Set<String> heads = new HashSet<>();
    Set<String> variables = new HashSet<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree node, Void unused) {
        variables.add(node.getName().toString());
        return super.visitVariable(node, unused);
      }

      @Override
      public Void visitMemberSelect(MemberSelectTree node, Void unused) {
        ExpressionTree e = node.getExpression();
        while (e instanceof MemberSelectTree) {
          e = ((MemberSelectTree) e).getExpression();
        }
        if (e instanceof IdentifierTree) {
          heads.add(((IdentifierTree) e).getName().toString());
        }
        return super.visitMemberSelect(node, unused);
      }
    }.scan(unit, null);
    // a variable is read as one before a class of its name (JLS 6.4.2): only packages matter
    heads.removeAll(variables);
    return heads;
  }
}
