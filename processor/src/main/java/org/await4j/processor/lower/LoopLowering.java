package org.await4j.processor.lower;

import static org.await4j.processor.lower.LowerTrees.isTrue;
import static org.await4j.processor.lower.LowerTrees.negate;
import static org.await4j.processor.lower.LowerTrees.unparenthesized;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.WildcardTypeName;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreePath;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/** {@code if} and the loops that suspend: their conditions, bodies and jump targets as states. */
final class LoopLowering extends Pass {
  final Map<Tree, Label> breaks = new HashMap<>();
  final Map<Tree, Label> continues = new HashMap<>();
  private LabeledStatementTree pendingLabel;

  LoopLowering(Lowerer lowerer) {
    super(lowerer);
  }

  void ifStatement(TreePath path, IfTree s) {
    CodeBlock cond = exprs().value(unparenthesized(new TreePath(path, s.getCondition())));
    Label otherwise = body.label();
    Label after = body.label();
    boolean hasElse = s.getElseStatement() != null;
    body.jumpIf(negate(cond), hasElse ? otherwise : after);
    lowerer.statement(new TreePath(path, s.getThenStatement()));
    if (hasElse) {
      body.jump(after);
      body.bind(otherwise, s.getElseStatement());
      lowerer.statement(new TreePath(path, s.getElseStatement()));
    }
    body.bind(after, null);
  }

  void whileLoop(TreePath path, WhileLoopTree s) {
    Label cond = body.label();
    Label after = body.label();
    loop(s, after, cond);
    body.bindAlways(cond, s);
    TreePath c = unparenthesized(new TreePath(path, s.getCondition()));
    if (!isTrue(c.getLeaf())) {
      body.jumpIf(negate(exprs().value(c)), after);
    }
    lowerer.statement(new TreePath(path, s.getStatement()));
    body.jump(cond);
    body.bind(after, null);
  }

  void doWhileLoop(TreePath path, DoWhileLoopTree s) {
    Label top = body.label();
    Label cond = body.label();
    Label after = body.label();
    loop(s, after, cond);
    body.bindAlways(top, s);
    lowerer.statement(new TreePath(path, s.getStatement()));
    body.bind(cond, s.getCondition());
    if (body.current != null) {
      body.jumpIf(exprs().value(unparenthesized(new TreePath(path, s.getCondition()))), top);
    }
    body.bind(after, null);
  }

  void forLoop(TreePath path, ForLoopTree s) {
    for (StatementTree init : s.getInitializer()) {
      TreePath p = new TreePath(path, init);
      if (init instanceof VariableTree) {
        lowerer.declare(p);
      } else {
        lowerer.expressionStatement(new TreePath(p, ((ExpressionStatementTree) init).getExpression()));
      }
    }
    Label cond = body.label();
    Label update = body.label();
    Label after = body.label();
    loop(s, after, update);
    body.bindAlways(cond, s);
    if (s.getCondition() != null) {
      TreePath c = unparenthesized(new TreePath(path, s.getCondition()));
      if (!isTrue(c.getLeaf())) {
        body.jumpIf(negate(exprs().value(c)), after);
      }
    }
    lowerer.statement(new TreePath(path, s.getStatement()));
    body.bind(update, s);
    for (ExpressionStatementTree u : s.getUpdate()) {
      if (body.current != null) {
        lowerer.expressionStatement(new TreePath(new TreePath(path, u), u.getExpression()));
      }
    }
    body.jump(cond);
    body.bind(after, null);
  }

  void forEachLoop(TreePath path, EnhancedForLoopTree s) {
    TreePath exprPath = new TreePath(path, s.getExpression());
    TypeMirror exprType = ctx.trees.getTypeMirror(exprPath);
    CodeBlock source = slicer.castInPlace(exprPath, exprs().value(exprPath));
    TreePath varPath = new TreePath(path, s.getVariable());
    Element var = ctx.trees.getElement(varPath);
    String name = names.hoistName(s.getVariable().getName().toString());
    body.hoisted.put(var, name);
    TypeName varType = lowerer.typeOf(var.asType(), s.getVariable());
    lowerer.hoist(var, varType, name);
    Label cond = body.label();
    Label next = body.label();
    Label after = body.label();
    if (exprType.getKind() == TypeKind.ARRAY) {
      String array = names.synthetic("array");
      String index = names.synthetic("index");
      body.field(lowerer.typeOf(exprType, s.getExpression()), array);
      body.field(TypeName.INT, index);
      body.emit(CodeBlock.of("$L = $L;\n$L = 0;\n", array, source, index));
      loop(s, after, next);
      body.bindAlways(cond, s);
      body.jumpIf(CodeBlock.of("$L >= $L.length", index, array), after);
      body.emit(CodeBlock.of("$L = $L[$L];\n", name, array, index));
      lowerer.statement(new TreePath(path, s.getStatement()));
      body.bind(next, s);
      body.emit(CodeBlock.of("$L++;\n", index));
      body.jump(cond);
      body.bind(after, null);
      body.emit(CodeBlock.of("$L = null;\n", array)); // the loop is done with it
      return;
    } else {
      String iterator = names.synthetic("iterator");
      body.field(ParameterizedTypeName.get(ClassName.get(Iterator.class),
          WildcardTypeName.subtypeOf(Object.class)), iterator);
      body.emit(CodeBlock.of("$L = ($L).iterator();\n", iterator, source));
      loop(s, after, cond);
      body.bindAlways(cond, s);
      body.jumpIf(CodeBlock.of("!$L.hasNext()", iterator), after);
      body.emit(CodeBlock.of("$L = ($T) $L.next();\n", name, varType, iterator));
      lowerer.statement(new TreePath(path, s.getStatement()));
      body.jump(cond);
      body.bind(after, null);
      body.emit(CodeBlock.of("$L = null;\n", iterator)); // the loop is done with it
    }
  }

  void labeled(TreePath path, LabeledStatementTree s) {
    switch (s.getStatement().getKind()) {
      case WHILE_LOOP: case DO_WHILE_LOOP: case FOR_LOOP: case ENHANCED_FOR_LOOP:
        pendingLabel = s;
        lowerer.statement(new TreePath(path, s.getStatement()));
        return;
      default:
        Label after = body.label();
        breaks.put(s, after);
        lowerer.statement(new TreePath(path, s.getStatement()));
        body.bind(after, null);
    }
  }

  private void loop(Tree loop, Label breakTo, Label continueTo) {
    breaks.put(loop, breakTo);
    continues.put(loop, continueTo);
    if (pendingLabel != null && pendingLabel.getStatement() == loop) {
      breaks.put(pendingLabel, breakTo);
    }
    pendingLabel = null;
  }
}
