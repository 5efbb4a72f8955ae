package org.await4j.processor.lower;

import com.palantir.javapoet.CodeBlock;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import org.await4j.processor.Problem;

/**
 * Prints user code back from its source text, so it keeps its own shape, with the edits that
 * make it valid inside the state machine: hoisted locals become fields, {@code this} becomes
 * {@code self}, implicit members are qualified, type names go through JavaPoet's {@code $T} (so
 * imports follow), and jumps that leave the printed code become state transitions. Replaced
 * subtrees (spilled operands, awaited values) come in as {@code overrides}.
 */
public final class Slicer {
  /** What the slicer needs from the lowering that drives it. */
  interface Host {
    /** The field that holds a hoisted local, or null if the local stays a Java local. */
    String fieldOf(Element local);

    /** Code for leaving through {@code break} or {@code continue} to a lowered target, or null. */
    CodeBlock jumpTo(Tree target, boolean isContinue, boolean viaJava);

    /** The static field that holds the source class's assertion status. */
    String assertionsEnabled();

    /** A name for generated code that clashes with nothing in the body. */
    String freshName(String base);

    /** Code for {@code yield value;} out of a lowered switch expression, or null. */
    CodeBlock yieldTo(Tree switchExpression, CodeBlock value, boolean viaJava);

    /**
     * Code for {@code return value;} ({@code value} null for a bare return); {@code viaJava}
     * when the return leaves Java-level finally blocks or resources, which must run first.
     */
    CodeBlock returnWith(CodeBlock value, TreePath expression, boolean viaJava);

    /** A fresh final local holding {@code field}'s value now, declared before the current code. */
    String snapshot(String field, Element local);

    /** The type of a hoisted local's field. */
    com.palantir.javapoet.TypeName fieldType(String field);

    /** A fresh local of {@code type}, declared (unassigned) before the current code. */
    String temporary(com.palantir.javapoet.TypeName type, String base);

    /** Whether {@code local} is assigned anywhere inside the tree at {@code path}. */
    boolean assignedWithin(Element local, TreePath path);

    /** Reports at {@code tree} and abandons the method. */
    RuntimeException fail(Problem problem, Tree tree, Object... args);

    /** The field that holds a jump waiting for Java finally blocks to run, or null if none. */
    String pendingJumpField();

    /** Gives up the fast path, if this lowering writes one, saying why. */
    void notFast(String why);

    /** Whether {@code tree} holds a suspension point (the lowering splits such trees itself). */
    boolean suspends(Tree tree);
  }

  final MethodContext ctx;

  final Host host;

  /** The printing of the code around a part printed inside it (in a lambda, say), or null. */
  EditScanner enclosing;

  /** Pattern variables in scope from the code around a part that is printed on its own. */
  Set<Element> inheritedBindings = Set.of();

  final String source;

  final SourcePositions positions;

  /** The accessors this printing names (a check's own, thrown away with its output). */
  PrivateAccessors accessors;

  /** Whether a failure skips the tree it is in and the printing goes on: see {@link #check}. */
  boolean tolerant;

  /** A tree printed inside the wrapper the code around it writes (see EditScanner.wrapped). */
  Tree wrapped;

  Slicer(MethodContext ctx, Host host) {
    this.ctx = ctx;
    this.host = host;
    this.accessors = ctx.privateAccessors;
    this.source = ctx.source;
    this.positions = ctx.trees.getSourcePositions();
  }

  CodeBlock slice(TreePath root) {
    return slice(root, Map.of());
  }

  /**
   * Prints {@code body} only for the failures the host reports: each failing tree is skipped
   * and the printing goes on, so that every problem is reported in one compile.
   */
  void check(TreePath body) {
    tolerant = true;
    accessors = new PrivateAccessors(ctx);
    try {
      slice(body);
    } catch (Lowerer.Abort reported) {
      // the body itself failed; what it contained was reported
    } finally {
      tolerant = false;
      accessors = ctx.privateAccessors;
    }
  }

  CodeBlock slice(TreePath root, Map<Tree, CodeBlock> overrides) {
    return slice(root, overrides, List.of());
  }

  /** A replacement of a source range that is not one tree (a case body with its semicolon). */
  static final class Range {
    final long start;
    final long end;
    final CodeBlock code;

    Range(long start, long end, CodeBlock code) {
      this.start = start;
      this.end = end;
      this.code = code;
    }
  }

  /** A local type declaration printed as a member of the machine: captured locals are fields. */
  CodeBlock sliceMoved(TreePath root) {
    return slice(root, Map.of(), List.of(), true);
  }

  /**
   * The fields that a local class moved into the machine keeps the locals it reads in: Java
   * copies a captured local into each instance when it is made, and the machine's field of
   * that local (a loop's variable, say) changes later. Each is named as the machine's field,
   * which it hides inside the class, and set from it as the instance is made.
   */
  private Edit captures(com.sun.source.tree.ClassTree type, java.util.Set<String> fields) {
    long at = bodyStart(type);
    CodeBlock.Builder code = CodeBlock.builder();
    for (String f : fields) {
      code.add(" private final $T $L = $T.this.$L;", host.fieldType(f), f, ctx.machine, f);
    }
    return new Edit(at, at, code.build());
  }

  /**
   * Where a class's body begins: just after the brace that follows its header, past its
   * annotations, type parameters and clauses, and past any comment, literal or parenthesized
   * part (a record's components) whose text holds a brace.
   */
  private long bodyStart(com.sun.source.tree.ClassTree type) {
    // the modifiers' end (javac has none when there are no modifiers)
    long headerEnd = Math.max(start(type), positions.getEndPosition(ctx.unit, type.getModifiers()));
    List<Tree> header = new java.util.ArrayList<>(type.getTypeParameters());
    header.addAll(type.getImplementsClause());
    if (type.getExtendsClause() != null) {
      header.add(type.getExtendsClause());
    }
    for (Tree t : header) {
      headerEnd = Math.max(headerEnd, end(t));
    }
    int depth = 0;
    for (int i = (int) headerEnd; i < source.length(); i++) {
      char c = source.charAt(i);
      if (source.startsWith("//", i)) {
        i = source.indexOf('\n', i);
      } else if (source.startsWith("/*", i)) {
        int close = source.indexOf("*/", i + 2);
        i = close < 0 ? -1 : close + 1;
      } else if (c == '"' || c == '\'') {
        for (i++; i < source.length() && source.charAt(i) != c; i++) {
          i += source.charAt(i) == '\\' ? 1 : 0;
        }
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == '{' && depth == 0) {
        return i + 1;
      }
      if (i < 0) {
        break;
      }
    }
    throw new IllegalStateException("no body of " + type.getSimpleName());
  }

  CodeBlock slice(TreePath root, Map<Tree, CodeBlock> overrides, List<Range> ranges) {
    return slice(root, overrides, ranges, false);
  }

  private CodeBlock slice(TreePath root, Map<Tree, CodeBlock> overrides, List<Range> ranges,
      boolean moved) {
    Tree tree = root.getLeaf();
    if (overrides.containsKey(tree)) {
      return overrides.get(tree);
    }
    long start = start(tree);
    long end = end(tree);
    Edits collector = new Edits(this, root, overrides, ranges, moved);
    if (enclosing != null) {
      collector.continueFrom(enclosing);
    }
    List<Edit> edits = collector.collect();
    if (moved && !collector.capturedByMoved.isEmpty()) {
      edits.add(captures((com.sun.source.tree.ClassTree) tree, collector.capturedByMoved));
    }
    for (Range r : ranges) {
      edits.add(new Edit(r.start, r.end, r.code));
    }
    // by start; of edits starting together the widest first, so that it wins
    edits.sort(Comparator.comparingLong((Edit e) -> e.start)
        .thenComparingInt(e -> e.end == e.start ? 0 : 1)
        .thenComparing(Comparator.comparingLong((Edit e) -> e.end).reversed()));
    int indent = indentOf(start);
    CodeBlock.Builder out = CodeBlock.builder();
    long pos = start;
    boolean lineEnded = false;
    for (Edit e : edits) {
      if (e.start < pos) {
        continue; // nested inside an earlier edit
      }
      out.add("$L", text(pos, e.start, indent, lineEnded));
      // the code's own lines go in as deep as the source line it replaces (two spaces a level)
      int depth = Math.max(0, indentOf(e.start) - indent) / 2;
      out.add("$>".repeat(depth)).add(e.code).add("$<".repeat(depth));
      pos = e.end;
      lineEnded = e.endsLine;
    }
    out.add("$L", text(pos, end, indent, lineEnded));
    return out.build();
  }

  /**
   * The source from {@code from} to {@code to}, without the statement's own indentation; after
   * code that ended its line ({@code lineEnded}), without the rest of the source line, if blank.
   */
  private String text(long from, long to, int indent, boolean lineEnded) {
    String text = source.substring((int) from, (int) to);
    if (lineEnded) {
      int i = 0;
      while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
        i++;
      }
      if (i < text.length() && text.charAt(i) == '\n') {
        return dedent(text.substring(i), indent).substring(1);
      }
    }
    return dedent(text, indent);
  }

  /** The position just past {@code tree} and the semicolon that ends it, if one follows. */
  long endWithSemicolon(Tree tree) {
    int i = (int) end(tree);
    int j = i;
    while (j < source.length() && Character.isWhitespace(source.charAt(j))) {
      j++;
    }
    return j < source.length() && source.charAt(j) == ';' ? j + 1 : i;
  }

  /** The plain source text of a tree. */
  String sourceOf(Tree t) {
    return source.substring((int) start(t), (int) end(t));
  }

  long start(Tree t) {
    return positions.getStartPosition(ctx.unit, t);
  }

  long end(Tree t) {
    if (t instanceof IdentifierTree) {
      // one token (javac's end position of a resource named by a variable runs to its ';'),
      // unless written with unicode escapes
      String name = ((IdentifierTree) t).getName().toString();
      int start = (int) start(t);
      if (source.startsWith(name, start)) {
        return start + name.length();
      }
    }
    long end = positions.getEndPosition(ctx.unit, t);
    if (end < 0) {
      throw host.fail(Problem.INTERNAL, t, "no end position for " + t.getKind());
    }
    return end;
  }

  int indentOf(long pos) {
    int lineStart = source.lastIndexOf('\n', (int) pos - 1) + 1;
    int i = lineStart;
    while (i < source.length() && (source.charAt(i) == ' ' || source.charAt(i) == '\t')) {
      i++;
    }
    return i - lineStart;
  }

  /** Removes the statement's own indentation from continuation lines; JavaPoet adds its own. */
  private static String dedent(String text, int indent) {
    if (text.indexOf('\n') < 0) {
      return text;
    }
    StringBuilder b = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      b.append(c);
      i++;
      if (c == '\n') {
        int skipped = 0;
        while (skipped < indent && i < text.length()
            && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
          i++;
          skipped++;
        }
      }
    }
    return b.toString();
  }

  static final class Edit {
    final long start;
    final long end;
    final CodeBlock code;
    /** The code ends its own line: the blank rest of the source line is left out. */
    final boolean endsLine;

    Edit(long start, long end, CodeBlock code) {
      this(start, end, code, false);
    }

    Edit(long start, long end, CodeBlock code, boolean endsLine) {
      this.start = start;
      this.end = end;
      this.code = code;
      this.endsLine = endsLine;
    }
  }

  /**
   * The instance that has {@code member}: {@code self}, or an enclosing instance of it
   * ({@code enclosing$Inner(self)}) for a member of a class around an inner class; null if
   * none (a static method, or a static class in between).
   */
  CodeBlock instanceWith(Element member) {
    return instance(t -> ctx.elements.getAllMembers(t).contains(member)
        || member.getEnclosingElement().equals(t));
  }

  /** {@code Outer.this}: self or the enclosing instance of that class; null if none. */
  CodeBlock instanceOf(TypeElement type) {
    return instance(t -> t.equals(type));
  }

  CodeBlock instance(java.util.function.Predicate<TypeElement> wanted) {
    if (ctx.isStatic) {
      return null;
    }
    CodeBlock code = CodeBlock.of("self");
    for (TypeElement t = ctx.type; ; t = (TypeElement) t.getEnclosingElement()) {
      if (wanted.test(t)) {
        return code;
      }
      if (t.getNestingKind() != NestingKind.MEMBER || t.getModifiers().contains(Modifier.STATIC)
          || t.getKind() != ElementKind.CLASS || !(t.getEnclosingElement() instanceof TypeElement)) {
        return null;
      }
      code = CodeBlock.of("$L($L)", accessors.accessor(t, PrivateAccessors.Use.ENCLOSING), code);
    }
  }

  /**
   * A private constant ({@code private static final char QUOTE = '\''}) as the constant
   * expression javac would have put in its place: still a constant (case labels need one).
   */
  static CodeBlock constantLiteral(Element field) {
    Object v = ((javax.lang.model.element.VariableElement) field).getConstantValue();
    if (v == null) {
      return null;
    }
    if (v instanceof String) {
      return CodeBlock.of("$S", v);
    }
    if (v instanceof Character) {
      return CodeBlock.of("(char) $L", (int) (Character) v);
    }
    if (v instanceof Byte || v instanceof Short) {
      return CodeBlock.of("($L) $L", v instanceof Byte ? "byte" : "short", v);
    }
    if (v instanceof Long) {
      return CodeBlock.of("$LL", v);
    }
    if (v instanceof Float) {
      float f = (Float) v;
      return Float.isNaN(f) ? CodeBlock.of("(0.0f / 0.0f)")
          : Float.isInfinite(f) ? CodeBlock.of(f > 0 ? "(1.0f / 0.0f)" : "(-1.0f / 0.0f)")
          : CodeBlock.of("$Lf", Float.toString(f));
    }
    if (v instanceof Double) {
      double d = (Double) v;
      return Double.isNaN(d) ? CodeBlock.of("(0.0d / 0.0d)")
          : Double.isInfinite(d) ? CodeBlock.of(d > 0 ? "(1.0d / 0.0d)" : "(-1.0d / 0.0d)")
          : CodeBlock.of("$Ld", Double.toString(d));
    }
    return CodeBlock.of("$L", v); // int, boolean
  }

  /** {@link #constantLiteral}, in parentheses where it is negative ({@code x - -1}). */
  static CodeBlock constant(Element field) {
    CodeBlock c = constantLiteral(field);
    return c != null && c.toString().startsWith("-") ? CodeBlock.of("($L)", c) : c;
  }

  static PrivateAccessors.Use step(Tree.Kind kind) {
    switch (kind) {
      case PREFIX_INCREMENT: return PrivateAccessors.Use.PRE_INCREMENT;
      case PREFIX_DECREMENT: return PrivateAccessors.Use.PRE_DECREMENT;
      case POSTFIX_INCREMENT: return PrivateAccessors.Use.POST_INCREMENT;
      case POSTFIX_DECREMENT: return PrivateAccessors.Use.POST_DECREMENT;
      default: return null;
    }
  }

  /**
   * A value stored into a private field through its setter: method invocation does not narrow
   * constants as assignment does ({@code byte b = 5}), so a primitive of another type is cast.
   */
  CodeBlock converted(Element field, javax.lang.model.type.TypeMirror valueType,
      CodeBlock value) {
    javax.lang.model.type.TypeMirror target = primitiveOf(field.asType());
    if (target == null || valueType == null || !valueType.getKind().isPrimitive()
        || ctx.types.isSameType(target, valueType)) {
      return value;
    }
    return CodeBlock.of("($T) ($L)", com.palantir.javapoet.TypeName.get(target), value);
  }

  /**
   * {@code code}, the expression at {@code path}, with the cast that a value of a private class
   * needs where it stands (see {@link PrivateValues}).
   */
  CodeBlock castInPlace(TreePath path, CodeBlock code) {
    com.palantir.javapoet.TypeName cast = castFor(path);
    return cast == null ? code : cast(cast, path.getLeaf(), code);
  }

  /** {@code ((T) code)}, the code in parentheses too unless it is one operand already. */
  static CodeBlock cast(com.palantir.javapoet.TypeName type, Tree tree, CodeBlock code) {
    switch (tree.getKind()) {
      case IDENTIFIER: case MEMBER_SELECT: case METHOD_INVOCATION: case PARENTHESIZED:
      case NEW_CLASS: case ARRAY_ACCESS: case STRING_LITERAL: case NULL_LITERAL:
        return CodeBlock.of("(($T) $L)", type, code);
      default:
        return CodeBlock.of("(($T) ($L))", type, code);
    }
  }

  /** {@code code} with the cast it needs to be the value of its own type (see PrivateValues). */
  CodeBlock readBack(TreePath path, CodeBlock code) {
    com.palantir.javapoet.TypeName cast = ctx.privateValues.readBack(path);
    return cast == null ? code : cast(cast, path.getLeaf(), code);
  }

  com.palantir.javapoet.TypeName castFor(TreePath path) {
    com.palantir.javapoet.TypeName target = TargetTypedArguments.castFor(ctx, path);
    if (target != null) {
      return target;
    }
    try {
      return ctx.privateValues.castFor(path);
    } catch (PrivateValues.Unsupported e) {
      javax.lang.model.type.TypeMirror type = ctx.trees.getTypeMirror(path);
      throw host.fail(Problem.PRIVATE_MEMBER, path.getLeaf(), type, ctx.machineName(),
          "a value of a private class in this position (assign it to a local first)", type);
    }
  }

  /** The value of a compound assignment, cast back to the field's type as Java does. */
  CodeBlock compound(Element field, CodeBlock combined) {
    javax.lang.model.type.TypeMirror target = primitiveOf(field.asType());
    if (target == null) {
      return combined; // a String: += concatenates
    }
    return CodeBlock.of("($T) ($L)", com.palantir.javapoet.TypeName.get(target), combined);
  }

  javax.lang.model.type.TypeMirror primitiveOf(javax.lang.model.type.TypeMirror t) {
    if (t.getKind().isPrimitive()) {
      return t;
    }
    try {
      return ctx.types.unboxedType(t);
    } catch (IllegalArgumentException notABox) {
      return null;
    }
  }

  /**
   * {@code variable = value} for the Lowerer's own stores (after a suspension): a private field
   * through its setter.
   */
  CodeBlock assign(TreePath variable, Map<Tree, CodeBlock> parts, CodeBlock value) {
    Element e = ctx.trees.getElement(variable);
    if (e != null && e.getKind() == ElementKind.FIELD && accessors.reaches(e)) {
      return new Edits(this, variable, parts, List.of(), false).storeOf(variable, e, value);
    }
    return CodeBlock.of("$L = $L", slice(variable, parts), value);
  }

  /**
   * A record's private component field, read through its public accessor instead (a private
   * record's, which the machine cannot name, through a field accessor like any private field).
   */
  static boolean isRecordComponentField(Element e) {
    return e != null && e.getKind() == ElementKind.FIELD
        && e.getModifiers().contains(Modifier.PRIVATE)
        && !e.getModifiers().contains(Modifier.STATIC)
        && e.getEnclosingElement().getKind().name().equals("RECORD")
        && org.await4j.processor.find.Unnameable.nameable((TypeElement) e.getEnclosingElement());
  }

  static boolean isLocal(TypeElement t) {
    return t.getNestingKind() == NestingKind.LOCAL || t.getNestingKind() == NestingKind.ANONYMOUS;
  }
}
