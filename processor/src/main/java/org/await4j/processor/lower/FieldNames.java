package org.await4j.processor.lower;

import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.util.HashSet;
import java.util.Set;

/** Names of the machine's fields: hoisted locals keep theirs; synthetic ones clash with none. */
final class FieldNames {
  private final Set<String> userNames;
  private final Set<String> used = new HashSet<>();

  /** Names for the fields of the method at {@code method}; {@code taken} are the machine's own. */
  FieldNames(TreePath method, String... taken) {
    this.userNames = namesDeclaredIn(method);
    used.addAll(Set.of(taken));
  }

  /** The first free name among {@code name}, {@code name_2}, ...; hoisted locals keep theirs. */
  String hoistName(String name) {
    if (used.add(name)) {
      return name;
    }
    return synthetic(name + "_");
  }

  /** A name no user local and no other field has. */
  String synthetic(String base) {
    if (!userNames.contains(base) && used.add(base)) {
      return base;
    }
    for (int i = 2; ; i++) {
      String n = base + i;
      if (!userNames.contains(n) && used.add(n)) {
        return n;
      }
    }
  }

  private static Set<String> namesDeclaredIn(TreePath method) {
    Set<String> names = new HashSet<>();
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree node, Void v) {
        names.add(node.getName().toString());
        return super.visitVariable(node, v);
      }

      @Override
      public Void visitLabeledStatement(LabeledStatementTree node, Void v) {
        names.add(node.getLabel().toString());
        return super.visitLabeledStatement(node, v);
      }
    }.scan(method, null);
    return names;
  }
}
