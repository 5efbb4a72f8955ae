package org.await4j.processor.lower;

import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Names of the machine's fields: hoisted locals keep theirs; synthetic ones clash with none. */
final class FieldNames {
  /** Each name the method declares (locals, parameters, labels), with how often. */
  private final Map<String, Integer> userNames;
  private final Set<String> used = new HashSet<>();
  /** Names that would hide a package if a local of the whole shared body had them. */
  private final Set<String> packageRoots;

  /** Names for the fields of the method at {@code method}; {@code taken} are the machine's own. */
  FieldNames(TreePath method, String... taken) {
    this.userNames = namesDeclaredIn(method);
    this.packageRoots = org.await4j.processor.find.Names.packageRoots(method.getCompilationUnit());
    used.addAll(Set.of(taken));
  }

  /**
   * The field of a hoisted local: its own name, unless another field has it, the method
   * declares it more than once (two loops' {@code i}), or it could hide a class or package:
   * then {@code name_}, {@code name_2}, ...,
   * so that a declaration of the name that stays a Java local (in code without an await) is no
   * second declaration in the shared body, whose parameters the fields are.
   */
  String hoistName(String name) {
    if (unnamed(name)) {
      return synthetic("unnamed"); // an unnamed variable (Java 22): nothing reads its field
    }
    if (userNames.getOrDefault(name, 0) <= 1 && !hidesANameOfTheCode(name) && used.add(name)) {
      return name;
    }
    return synthetic(name + "_");
  }

  /**
   * Whether a local of this name, declared for the whole shared body (as its parameter or a
   * local at its top), could hide a class or package that code elsewhere in the body names: the
   * source's {@code { int Math = ...; }} only hid {@code Math} inside its block.
   */
  private boolean hidesANameOfTheCode(String name) {
    return Character.isUpperCase(name.charAt(0)) || packageRoots.contains(name);
  }

  /**
   * Whether a variable is unnamed ({@code _}, Java 22): javac gives it an empty name, or the
   * name {@code _} in a release where it is one.
   */
  static boolean unnamed(CharSequence name) {
    return name.length() == 0 || name.toString().equals("_");
  }

  /**
   * The field of a pattern variable ({@code o instanceof String s}) kept across an await: the
   * pattern stays Java and declares {@code s} itself, so the field is named apart.
   */
  String bindingName(String name) {
    return synthetic(name + "_");
  }

  /** A name no user local and no other field has. */
  String synthetic(String base) {
    if (!userNames.containsKey(base) && used.add(base)) {
      return base;
    }
    for (int i = 2; ; i++) {
      String n = base + i;
      if (!userNames.containsKey(n) && used.add(n)) {
        return n;
      }
    }
  }

  private static Map<String, Integer> namesDeclaredIn(TreePath method) {
    Map<String, Integer> names = new HashMap<>();
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree node, Void v) {
        names.merge(node.getName().toString(), 1, Integer::sum);
        return super.visitVariable(node, v);
      }

      @Override
      public Void visitLabeledStatement(LabeledStatementTree node, Void v) {
        names.merge(node.getLabel().toString(), 1, Integer::sum);
        return super.visitLabeledStatement(node, v);
      }
    }.scan(method, null);
    return names;
  }
}
