package org.await4j.processor.lower;

import com.palantir.javapoet.CodeBlock;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;

/** Small helpers on source trees that every pass uses. */
final class LowerTrees {
  private LowerTrees() {}

  static TreePath child(TreePath parent, Tree leaf) {
    return new TreePath(parent, leaf);
  }

  static TreePath unparenthesized(TreePath path) {
    while (path.getLeaf() instanceof ParenthesizedTree) {
      path = child(path, ((ParenthesizedTree) path.getLeaf()).getExpression());
    }
    return path;
  }

  static CodeBlock negate(CodeBlock cond) {
    return CodeBlock.of("!($L)", cond);
  }

  static boolean isTrue(Tree t) {
    return t instanceof LiteralTree && Boolean.TRUE.equals(((LiteralTree) t).getValue());
  }

  static String describe(Tree t) {
    switch (t.getKind().name()) {
      case "SWITCH_EXPRESSION": return "a switch expression";
      default: return "this expression (" + t.getKind().name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
  }
}
