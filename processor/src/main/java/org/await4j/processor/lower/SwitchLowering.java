package org.await4j.processor.lower;

import static org.await4j.processor.lower.LowerTrees.unparenthesized;

import com.palantir.javapoet.CodeBlock;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import org.await4j.processor.Problem;

/**
 * Switch statements and expressions that suspend: the user's own switch dispatches to one state
 * per arm, so labels, patterns and guards keep their own semantics.
 */
final class SwitchLowering extends Pass {
  private final Map<Tree, YieldTarget> yields = new HashMap<>();

  SwitchLowering(Lowerer lowerer) {
    super(lowerer);
  }

  /**
   * A switch statement: the selector picks a state; case bodies are consecutive states, so
   * fall-through is falling into the next state, and {@code break} jumps past them all.
   */
  void switchStatement(TreePath path, SwitchTree s) {
    Label after = body.label();
    loops().breaks.put(s, after);
    switchCases(path, s.getExpression(), s.getCases(), null, after);
  }

  /** A switch expression that suspends: like the statement, each arm leaves its value in a field. */
  CodeBlock switchExpression(TreePath path, SwitchExpressionTree s) {
    String result = names.synthetic("switchValue");
    body.field(lowerer.typeOf(ctx.trees.getTypeMirror(path), s), result);
    Label after = body.label();
    yields.put(s, new YieldTarget(result, after));
    switchCases(path, s.getExpression(), s.getCases(), result, after);
    return body.operand(result);
  }

  private void switchCases(TreePath path, ExpressionTree selectorTree, List<? extends CaseTree> cases,
      String result, Label after) {
    // The dispatch is the user's own switch, printed back with each arm's body replaced by
    // "copy the case's pattern variables to fields; go to the arm's state". Constant, enum,
    // string and pattern labels and guards all keep their own semantics that way.
    Map<Tree, CodeBlock> overrides = new HashMap<>();
    if (suspensions.contains(selectorTree)) {
      overrides.put(selectorTree,
          CodeBlock.of("($L)", exprs().value(unparenthesized(new TreePath(path, selectorTree)))));
    }
    List<Slicer.Range> ranges = new ArrayList<>();
    List<Label> arms = new ArrayList<>();
    for (CaseTree c : cases) {
      TreePath casePath = new TreePath(path, c);
      Tree inLabel = suspensionOutsideBody(c);
      if (inLabel != null) {
        throw lowerer.fail(Problem.NOT_SUPPORTED, inLabel, "a suspension point in a case label or guard");
      }
      Label arm = body.label();
      arm.refs++;
      arms.add(arm);
      CodeBlock.Builder go = CodeBlock.builder();
      for (Map.Entry<Element, String> b : caseBindings(casePath).entrySet()) {
        go.add("$L = $L;\n", body.hoisted.get(b.getKey()), b.getValue());
      }
      go.add("state = $L;\n", arm);
      if (c.getCaseKind() == CaseTree.CaseKind.RULE) {
        ranges.add(new Slicer.Range(slicer.start(c.getBody()), slicer.endWithSemicolon(c.getBody()),
            CodeBlock.of("{\n$>$L$<}", go.build())));
      } else if (!c.getStatements().isEmpty()) {
        // a case's statements need no braces: these declare nothing
        List<? extends StatementTree> statements = c.getStatements();
        ranges.add(new Slicer.Range(slicer.start(statements.get(0)),
            slicer.end(statements.get(statements.size() - 1)), go.add("break;").build()));
      } else {
        // no statements: falls into the next case, as the source does
      }
    }
    Label noMatch = result == null ? after : body.label();
    noMatch.refs++;
    TreePath switchPath = path;
    body.emit(CodeBlock.of("$L\n", slicer.slice(switchPath, overrides, ranges)));
    // no case matched: the state is still this one (set only after the selector, which may
    // throw: until then the state must stay this one, for the right handler)
    body.current.readsOwnState = true;
    body.emit(CodeBlock.builder().beginControlFlow("if (state == $L)", body.current.id)
        .addStatement("state = $L", noMatch).endControlFlow().build());
    body.emit(CodeBlock.of("continue $L;\n", lowerer.resume()));
    if (result != null) {
      body.finishers.add(() -> {
        body.startState(noMatch, null, false, null);
        body.current.comment = "no case matched: the enum or sealed type changed after compilation";
        body.emit(CodeBlock.of("throw new $T();\n", IncompatibleClassChangeError.class));
        body.current = null;
      });
    }
    body.current = null;
    for (int i = 0; i < cases.size(); i++) {
      CaseTree c = cases.get(i);
      TreePath casePath = new TreePath(path, c);
      body.bindAlways(arms.get(i), c);
      if (c.getCaseKind() == CaseTree.CaseKind.RULE) {
        Tree arm = c.getBody();
        if (arm instanceof ExpressionTree && result != null) {
          TreePath value = new TreePath(casePath, arm);
          body.emit(CodeBlock.of("$L = $L;\n", result, slicer.castInPlace(value, exprs().value(value))));
        } else if (arm instanceof ExpressionTree) {
          lowerer.expressionStatement(new TreePath(casePath, arm));
        } else {
          lowerer.statement(new TreePath(casePath, arm));
        }
        body.jump(after);
      } else {
        for (StatementTree st : c.getStatements()) {
          lowerer.statement(new TreePath(casePath, st));
        }
      }
    }
    body.bind(after, null);
  }

  private Tree suspensionOutsideBody(CaseTree c) {
    Set<Tree> arms = new HashSet<>(c.getStatements() == null ? List.of() : c.getStatements());
    if (c.getCaseKind() == CaseTree.CaseKind.RULE && c.getBody() != null) {
      arms.add(c.getBody());
    }
    Tree[] found = {null};
    new com.sun.source.util.TreeScanner<Void, Void>() {
      @Override
      public Void scan(Tree tree, Void v) {
        if (tree == null || arms.contains(tree) || found[0] != null) {
          return null;
        }
        if (suspensions.callee(tree) != null) {
          found[0] = tree;
          return null;
        }
        return super.scan(tree, v);
      }
    }.scan(c, null);
    return found[0];
  }

  /**
   * The pattern variables a case's labels declare, each hoisted to a field, with the name it has
   * in the dispatch switch.
   */
  private Map<Element, String> caseBindings(TreePath casePath) {
    CaseTree c = (CaseTree) casePath.getLeaf();
    Set<Tree> arms = new HashSet<>(c.getStatements() == null ? List.of() : c.getStatements());
    if (c.getCaseKind() == CaseTree.CaseKind.RULE && c.getBody() != null) {
      arms.add(c.getBody());
    }
    Map<Element, String> bindings = new java.util.LinkedHashMap<>();
    new TreePathScanner<Void, Void>() {
      @Override
      public Void scan(Tree tree, Void v) {
        return arms.contains(tree) ? null : super.scan(tree, v);
      }

      @Override
      public Void visitBindingPattern(com.sun.source.tree.BindingPatternTree node, Void v) {
        TreePath varPath = new TreePath(getCurrentPath(), node.getVariable());
        Element e = ctx.trees.getElement(varPath);
        if (e != null && !FieldNames.unnamed(node.getVariable().getName())) {
          if (body.hoisted.get(e) == null) {
            String name = names.bindingName(node.getVariable().getName().toString());
            body.hoisted.put(e, name);
            body.field(lowerer.typeOf(e.asType(), node), name);
          }
          bindings.put(e, node.getVariable().getName().toString());
        }
        return null;
      }
    }.scan(casePath, null);
    return bindings;
  }

  /** Where a {@code yield} of a lowered switch expression puts its value and goes. */
  private static final class YieldTarget {
    final String field;
    final Label after;

    YieldTarget(String field, Label after) {
      this.field = field;
      this.after = after;
    }
  }

  CodeBlock yieldTo(Tree switchExpression, CodeBlock value, boolean viaJava) {
    YieldTarget target = yields.get(switchExpression);
    if (target == null) {
      return null;
    }
    return CodeBlock.of("$L = $L;\n$L", target.field, value, body.jumpCode(target.after, viaJava));
  }
}
