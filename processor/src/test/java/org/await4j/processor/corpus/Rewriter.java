package org.await4j.processor.corpus;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * The seeded test-side rewriter: parses and attributes one library source file with the public
 * {@code com.sun.source} API, then edits its text by position. Every method it can gets
 * {@code @Async}; random sub-expressions of their bodies (seeded per method, so excluding one
 * method changes nothing in the others) become {@code await(Task.<T>completed(e))} of the same
 * type; private members and nested classes stay private (a method the processor refuses is
 * counted as such, see ClassRun).
 */
final class Rewriter {
  /**
   * Private nested classes stay private (their methods get {@code @Async} too); with {@code
   * -Dcorpus.privateClasses=relax} they lose the modifier instead, as before issue 11 took them.
   */
  static final boolean KEEP_PRIVATE_CLASSES =
      !"relax".equals(System.getProperty("corpus.privateClasses"));

  /** A method given {@code @Async}: {@code id} is {@code Class#name(erased, types)}. */
  record Target(String id, String binaryClass, String name, List<String> parameterTypes,
      boolean isStatic, long start, long end, int wraps) {}

  /** What came out: the new text, the targets, skips by reason, and a position map. */
  record Result(String text, List<Target> targets, Map<String, Integer> skips, int relaxed,
      Edits edits) {
    int wraps() {
      return targets.stream().mapToInt(Target::wraps).sum();
    }

    /** The target whose method holds {@code newPosition} of the rewritten text, or null. */
    Target targetAt(long newPosition) {
      for (Target t : targets) {
        if (edits.map(t.start) <= newPosition && newPosition <= edits.map(t.end)) {
          return t;
        }
      }
      return null;
    }
  }

  /** An empty source path: else javac would read the sources jars on the class path. */
  static final Path NO_SOURCES;

  static {
    try {
      NO_SOURCES = Files.createTempDirectory("corpus-no-sources");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private final long seed;
  private final double wrapChance;

  Rewriter(long seed, double wrapChance) {
    this.seed = seed;
    this.wrapChance = wrapChance;
  }

  /**
   * Rewrites {@code source} (file {@code path}, e.g. {@code org/x/Y.java}); methods whose ids
   * are in {@code excluded} stay as they were, those in {@code unwrapped} get {@code @Async}
   * only.
   */
  Result rewrite(String path, String source, Set<String> excluded, Set<String> unwrapped) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + path),
        JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source;
      }
    };
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    JavacTask task = (JavacTask) javac.getTask(null, null, diagnostics,
        List.of("-proc:none", "-sourcepath", NO_SOURCES.toString(), "-Xlint:none", "-nowarn"),
        null, List.of(file));
    CompilationUnitTree unit;
    try {
      unit = task.parse().iterator().next();
      task.analyze();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Trees trees = Trees.instance(task);
    Edits edits = new Edits();
    Scan scan = new Scan(trees, unit, source, edits, task.getElements(), task.getTypes(),
        excluded, unwrapped, CalledWhereNoSuspension.in(unit, trees));
    scan.scan(unit, null);
    importAwait(unit, trees.getSourcePositions(), source, edits);
    return new Result(edits.apply(source), scan.targets, scan.skips, scan.relaxed, edits);
  }

  private static void importAwait(CompilationUnitTree unit, SourcePositions pos, String source,
      Edits edits) {
    int at = 0;
    if (unit.getPackage() != null) {
      at = source.indexOf(';', (int) pos.getEndPosition(unit, unit.getPackage().getPackageName()))
          + 1;
    }
    edits.insert(at, "\nimport static org.await4j.Await.await;", 0, false);
  }

  /** Walks the classes: marks methods, relaxes private members. */
  private final class Scan extends TreePathScanner<Void, Void> {
    final Trees trees;
    final CompilationUnitTree unit;
    final SourcePositions pos;
    final String source;
    final Edits edits;
    final Elements elements;
    final Types types;
    final Set<String> excluded;
    final Set<String> unwrapped;
    final Set<Element> calledWhereNoSuspension;
    final List<Target> targets = new ArrayList<>();
    final Map<String, Integer> skips = new TreeMap<>();
    int relaxed;

    Scan(Trees trees, CompilationUnitTree unit, String source, Edits edits, Elements elements,
        Types types, Set<String> excluded, Set<String> unwrapped,
        Set<Element> calledWhereNoSuspension) {
      this.calledWhereNoSuspension = calledWhereNoSuspension;
      this.trees = trees;
      this.unit = unit;
      this.pos = trees.getSourcePositions();
      this.source = source;
      this.edits = edits;
      this.elements = elements;
      this.types = types;
      this.excluded = excluded;
      this.unwrapped = unwrapped;
    }

    @Override
    public Void visitClass(ClassTree node, Void unused) {
      TypeElement type = (TypeElement) trees.getElement(getCurrentPath());
      if (isMemberOrTopLevel(type) && type.getKind() != ElementKind.INTERFACE
          && type.getKind() != ElementKind.ANNOTATION_TYPE) {
        for (Tree member : node.getMembers()) {
          if (member instanceof ClassTree) {
            // private fields, methods and constructors stay: bodies reach them by accessors
            relax(((ClassTree) member).getModifiers());
          }
        }
      }
      return super.visitClass(node, unused);
    }

    private void relax(ModifiersTree m) {
      if (!m.getFlags().contains(Modifier.PRIVATE) || KEEP_PRIVATE_CLASSES) {
        return;
      }
      int from = (int) pos.getStartPosition(unit, m);
      int to = (int) pos.getEndPosition(unit, m);
      if (from < 0 || to <= from) {
        return; // implicit: an enum's constructor, say
      }
      Matcher word = Pattern.compile("\\bprivate\\b\\s*").matcher(source)
          .region(from, Math.min(source.length(), to + 1)); // and the space after it
      if (word.find()) {
        edits.replace(word.start(), word.end(), "");
        relaxed++;
      }
    }

    @Override
    public Void visitMethod(MethodTree node, Void unused) {
      ExecutableElement m = (ExecutableElement) trees.getElement(getCurrentPath());
      String reason = skipReason(node, m);
      if (reason != null) {
        skips.merge(reason, 1, Integer::sum);
      } else {
        mark(node, m);
      }
      return super.visitMethod(node, unused);
    }

    private String skipReason(MethodTree node, ExecutableElement m) {
      if (m.getKind() == ElementKind.CONSTRUCTOR) {
        return "constructor";
      }
      if (node.getBody() == null) {
        return "abstract or native";
      }
      if (!isMemberOrTopLevel((TypeElement) m.getEnclosingElement())) {
        return "in an anonymous or local class";
      }
      if (m.getModifiers().contains(Modifier.SYNCHRONIZED)) {
        return "synchronized (issue 9 item 7: an error that points to sync.Lock)";
      }
      if (m.getSimpleName().contentEquals("await")) {
        return "named await";
      }
      if (overridesSomething(m)) {
        return "overrides or implements a supertype's method (code that calls it through the"
            + " supertype calls it as plain code, where an await on a loop thread throws)";
      }
      if (calledWhereNoSuspension.contains(m)) {
        return "called from a lambda, method reference, class body or synchronized block"
            + " (a call of an @Async method there would be a suspension point)";
      }
      if (excluded.contains(id(m))) {
        return "excluded (see the corpus report)";
      }
      return null;
    }

    private void mark(MethodTree node, ExecutableElement m) {
      String id = id(m);
      long start = pos.getStartPosition(unit, node);
      long end = pos.getEndPosition(unit, node);
      edits.insert(start, "@org.await4j.Async ", 0, true);
      int wraps = 0;
      if (!unwrapped.contains(id)) {
        Set<Element> owners = new LinkedHashSet<>();
        owners.add(m);
        boolean isStatic = m.getModifiers().contains(Modifier.STATIC);
        for (Element e = m.getEnclosingElement(); !isStatic && e instanceof TypeElement;
            e = e.getEnclosingElement()) {
          owners.add(e);
          isStatic = e.getModifiers().contains(Modifier.STATIC)
              || ((TypeElement) e).getNestingKind() == NestingKind.TOP_LEVEL;
        }
        Wraps w = new Wraps(trees, unit, edits, new TypeText(owners),
            new Random(seed * 31 + id.hashCode()), wrapChance);
        w.scan(new TreePath(getCurrentPath(), node.getBody()), null);
        wraps = w.count;
      }
      List<String> params = new ArrayList<>();
      for (var p : m.getParameters()) {
        params.add(binaryName(p.asType()));
      }
      targets.add(new Target(id, elements.getBinaryName((TypeElement) m.getEnclosingElement())
          .toString(), m.getSimpleName().toString(), params,
          m.getModifiers().contains(Modifier.STATIC), start, end, wraps));
    }

    boolean overridesSomething(ExecutableElement m) {
      if (m.getModifiers().contains(Modifier.STATIC)) {
        return false;
      }
      TypeElement owner = (TypeElement) m.getEnclosingElement();
      List<TypeMirror> todo = new ArrayList<>(types.directSupertypes(owner.asType()));
      Set<Element> seen = new HashSet<>();
      while (!todo.isEmpty()) {
        Element sup = types.asElement(todo.remove(todo.size() - 1));
        if (!(sup instanceof TypeElement) || !seen.add(sup)) {
          continue;
        }
        for (Element e : sup.getEnclosedElements()) {
          if (e instanceof ExecutableElement && elements.overrides(m, (ExecutableElement) e, owner)) {
            return true;
          }
        }
        todo.addAll(types.directSupertypes(sup.asType()));
      }
      return false;
    }

    String id(ExecutableElement m) {
      List<String> params = new ArrayList<>();
      for (var p : m.getParameters()) {
        params.add(binaryName(p.asType()));
      }
      return elements.getBinaryName((TypeElement) m.getEnclosingElement()) + "#"
          + m.getSimpleName() + "(" + String.join(",", params) + ")";
    }

    /** The erased type as {@link Class#getTypeName()} spells it. */
    String binaryName(TypeMirror t) {
      TypeMirror e = types.erasure(t);
      switch (e.getKind()) {
        case ARRAY:
          return binaryName(((javax.lang.model.type.ArrayType) e).getComponentType()) + "[]";
        case DECLARED:
          return elements.getBinaryName((TypeElement) types.asElement(e)).toString();
        default:
          return e.toString();
      }
    }
  }

  static boolean isMemberOrTopLevel(TypeElement type) {
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      NestingKind k = ((TypeElement) e).getNestingKind();
      if (k == NestingKind.ANONYMOUS || k == NestingKind.LOCAL) {
        return false;
      }
    }
    return true;
  }

  /** Text edits by position of the original text, applied together. */
  static final class Edits {
    /** {@code kind}: 0 a suffix, 1 a prefix, 2 a replacement (in that order at one position). */
    private record Edit(int from, int to, String text, int span, int kind, int order) {}

    private final List<Edit> list = new ArrayList<>();

    /**
     * Inserts {@code text} at {@code at}. Nested wraps insert at the same positions: prefixes of
     * longer spans go first, suffixes of shorter spans first.
     */
    void insert(long at, String text, int span, boolean prefix) {
      list.add(new Edit((int) at, (int) at, text, span, prefix ? 1 : 0, list.size()));
    }

    void replace(int from, int to, String text) {
      list.add(new Edit(from, to, text, 0, 2, list.size()));
    }

    String apply(String source) {
      List<Edit> sorted = sorted();
      StringBuilder out = new StringBuilder();
      int at = 0;
      for (Edit e : sorted) {
        out.append(source, at, e.from).append(e.text);
        at = e.to;
      }
      return out.append(source.substring(at)).toString();
    }

    private List<Edit> sorted() {
      List<Edit> sorted = new ArrayList<>(list);
      sorted.sort((a, b) -> {
        if (a.from != b.from) {
          return Integer.compare(a.from, b.from);
        }
        if (a.kind != b.kind) {
          return Integer.compare(a.kind, b.kind);
        }
        if (a.kind == 1) {
          return a.span != b.span ? Integer.compare(b.span, a.span) : Integer.compare(a.order, b.order);
        }
        return a.span != b.span ? Integer.compare(a.span, b.span) : Integer.compare(a.order, b.order);
      });
      return sorted;
    }

    /** Where {@code original} position lands in the new text (edits at it go after it). */
    long map(long original) {
      long delta = 0;
      for (Edit e : list) {
        if (e.from < original) {
          delta += e.text.length() - (Math.min(e.to, original) - e.from);
        }
      }
      return original + delta;
    }
  }
}
