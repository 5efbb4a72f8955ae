package org.await4j.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.ClassName;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;
import org.await4j.processor.emit.MachineWriter;
import org.await4j.processor.emit.JavaLangClashes;
import org.await4j.processor.emit.MachinesFile;
import org.await4j.processor.emit.StandInWriter;
import org.await4j.processor.emit.StubWriter;
import org.await4j.processor.find.AsyncAnnotation;
import org.await4j.processor.find.LocalAsyncFinder;
import org.await4j.processor.find.Names;
import org.await4j.processor.find.JavacTraps;
import org.await4j.processor.find.SameRound;
import org.await4j.processor.find.SeparateAttribution;
import org.await4j.processor.find.Signatures;

/**
 * Compiles {@code @Async} methods into state machines. Round one writes each class's twin
 * {@code <Name>Async} from the elements alone; then, where nothing the file names is still to be
 * generated ({@link SameRound}), it attributes the bodies and writes one machine class per method
 * at once; else the next round does, when everything the bodies use exists (the recipe in
 * SPEC.md that avoids javac's two traps). No exception ever reaches javac.
 */
@AutoService(Processor.class)
public final class AsyncProcessor extends AbstractProcessor {
  private Trees trees;
  private String treesProblem;
  private Diagnostics diagnostics;
  private Pipeline pipeline;
  /** Types whose twin is written and whose machines are not, by qualified name. */
  private final Set<String> pending = new LinkedHashSet<>();
  /** Types whose twin waits for a signature type that does not resolve yet, by name. */
  private final Set<String> waitingTwins = new LinkedHashSet<>();
  private final Set<String> seen = new LinkedHashSet<>();
  private final Set<String> seenRoots = new LinkedHashSet<>();
  /** The java.lang names that classes of the sources take in their packages. */
  private final JavaLangClashes javaLang = new JavaLangClashes();
  /** The class each twin written so far is for, by the twin's name. */
  private final java.util.Map<String, String> twinsWritten = new java.util.HashMap<>();
  private boolean reportedNoTrees;
  private SameRound sameRound;

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(AsyncAnnotation.NAME);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    try {
      trees = JavacTraps.treesOf(env);
    } catch (RuntimeException | LinkageError e) {
      treesProblem = e.toString();
    }
    diagnostics = new Diagnostics(env.getMessager(), trees);
    sameRound = new SameRound(AsyncProcessor.class.getClassLoader());
    pipeline = new Pipeline(diagnostics);
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    try {
      return processRound(annotations, round);
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      if (Boolean.getBoolean("await4j.debug")) {
        e.printStackTrace();
      }
      // Never let javac crash: say what happened, where we can.
      Set<? extends Element> elements = AsyncAnnotation.in(round, processingEnv.getElementUtils());
      if (!elements.isEmpty()) {
        diagnostics.error(Problem.INTERNAL, elements.iterator().next(), e);
      } else {
        processingEnv.getMessager().printMessage(javax.tools.Diagnostic.Kind.ERROR,
            Problem.INTERNAL.format(e));
      }
      return false;
    }
  }

  private boolean processRound(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (trees == null) {
      if (!reportedNoTrees && !AsyncAnnotation.in(round, processingEnv.getElementUtils()).isEmpty()) {
        reportedNoTrees = true;
        diagnostics.error(Problem.NO_TREES,
            AsyncAnnotation.in(round, processingEnv.getElementUtils()).iterator().next(), treesProblem);
      }
      return false;
    }
    javaLang.note(round.getRootElements(), processingEnv.getElementUtils());
    for (String name : new ArrayList<>(waitingTwins)) {
      TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
      if (type == null) {
        waitingTwins.remove(name);
      } else if (round.processingOver() || !hasErrorTypes(type)) {
        waitingTwins.remove(name);
        if (twin(type) && !round.processingOver()) {
          pending.add(name);
        } else if (round.processingOver()) {
          standIns(type); // a type that never resolved: javac reports it in the source
        }
      }
    }
    for (String name : new ArrayList<>(pending)) {
      TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
      if (type == null || machines(type, round.processingOver(), false)) {
        pending.remove(name);
      }
    }
    for (Element root : round.getRootElements()) {
      if (root instanceof TypeElement && seenRoots.add(((TypeElement) root).getQualifiedName().toString())) {
        LocalAsyncFinder.report(root, trees, diagnostics);
      }
    }
    Map<TypeElement, List<ExecutableElement>> byType = new LinkedHashMap<>();
    for (Element e : AsyncAnnotation.in(round, processingEnv.getElementUtils())) {
      if (e.getKind() == ElementKind.METHOD) {
        byType.computeIfAbsent((TypeElement) e.getEnclosingElement(), k -> new ArrayList<>())
            .add((ExecutableElement) e);
      }
    }
    sameRound.newRound();
    List<TypeElement> twinsToCome = new ArrayList<>(byType.keySet());
    for (String name : waitingTwins) {
      TypeElement waiting = processingEnv.getElementUtils().getTypeElement(name);
      if (waiting != null) {
        twinsToCome.add(waiting);
      }
    }
    for (TypeElement type : twinsToCome) {
      if (!type.getQualifiedName().toString().isEmpty()) {
        ClassName twin = Names.twin(type, processingEnv.getElementUtils());
        sameRound.writes(twin.simpleName());
        sameRound.writes(Names.holder(twin).simpleName());
      }
    }
    for (TypeElement type : byType.keySet()) {
      String name = type.getQualifiedName().toString();
      if (!name.isEmpty() && seen.add(name)) {
        try {
          if (hasErrorTypes(type) && !round.processingOver()) {
            waitingTwins.add(name); // a type that another processor may still generate
          } else if (twin(type) && (round.processingOver() || !machinesNow(type))) {
            pending.add(name);
          }
        } catch (RuntimeException | LinkageError e) {
          diagnostics.error(Problem.INTERNAL, type, e);
        }
      } else if (name.isEmpty()) {
        for (ExecutableElement m : byType.get(type)) {
          diagnostics.error(Problem.LOCAL_TYPE, m);
        }
      }
    }
    return !annotations.isEmpty(); // @Async is ours alone
  }

  /**
   * The @Async methods of {@code type} that can be compiled, in declaration order (see {@link
   * Names#machineMethods}); with {@code report}, the others are reported.
   */
  private List<ExecutableElement> asyncMethods(TypeElement type, boolean report) {
    List<ExecutableElement> methods = Names.machineMethods(type);
    if (report) {
      for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
        if (!AsyncAnnotation.isOn(m) || methods.contains(m)
            || (m.getModifiers().contains(Modifier.ABSTRACT) && Names.stubMethods(type).contains(m))) {
          continue;
        }
        ExecutableElement clash = Names.twinClash(type, m);
        if (m.getModifiers().contains(Modifier.NATIVE)) {
          diagnostics.error(Problem.NATIVE_METHOD, m);
        } else if (clash != null) {
          diagnostics.error(Problem.TWIN_SIGNATURE_CLASH, m,
              Names.twin(type, processingEnv.getElementUtils()).simpleName() + "." + m.getSimpleName(),
              clash);
        } else {
          diagnostics.error(Problem.TYPE_VARIABLE_CLASH, m,
              Names.clashingTypeVariable(type, m).getSimpleName());
        }
      }
    }
    return methods;
  }

  /**
   * Whether {@code t} is the class a compact source file declares implicitly (JDK 25: methods
   * with no class around them), which no other file can name, a twin included.
   */
  private boolean implicitlyDeclared(TypeElement t) {
    if (t.getNestingKind() != NestingKind.TOP_LEVEL) {
      return false;
    }
    TreePath path = trees.getPath(t);
    if (path == null || !(path.getLeaf() instanceof com.sun.source.tree.ClassTree)) {
      return false;
    }
    // no public API says so (JDK 25 marks it internally); its tree starts where its first
    // member does: no "class X {" comes before
    com.sun.source.tree.ClassTree c = (com.sun.source.tree.ClassTree) path.getLeaf();
    com.sun.source.util.SourcePositions positions = trees.getSourcePositions();
    long start = positions.getStartPosition(path.getCompilationUnit(), c);
    for (com.sun.source.tree.Tree member : c.getMembers()) {
      long at = positions.getStartPosition(path.getCompilationUnit(), member);
      if (positions.getEndPosition(path.getCompilationUnit(), member) >= 0) {
        return at <= start; // (a default constructor has no end: javac made it)
      }
    }
    return false;
  }

  /** Writes the twin; false if the type cannot have one (reported). */
  private boolean twin(TypeElement type) {
    org.await4j.processor.find.Unnameable.generatingIn(type, processingEnv.getElementUtils());
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      TypeElement t = (TypeElement) e;
      if (t.getNestingKind() == NestingKind.LOCAL || t.getNestingKind() == NestingKind.ANONYMOUS
          || implicitlyDeclared(t)) {
        for (ExecutableElement m : asyncMethods(type, false)) {
          diagnostics.error(Problem.LOCAL_TYPE, m);
        }
        return false;
      }
    }
    // Problems are reported in the round that writes the machines: an error now would end the
    // rounds before any machine is written.
    List<ExecutableElement> stubs = Names.stubMethods(type);
    List<ExecutableElement> methods = asyncMethods(type, false);
    if (stubs.isEmpty()) {
      asyncMethods(type, true);
      return false;
    }
    ClassName twin = Names.twin(type, processingEnv.getElementUtils());
    String owner = twinsWritten.putIfAbsent(twin.canonicalName(), type.getQualifiedName().toString());
    if (owner != null && !owner.equals(type.getQualifiedName().toString())) {
      // Outer.Inner and a class Outer_Inner of the same package: one name for two twins
      diagnostics.error(Problem.TWIN_NAME_SHARED, type, twin.canonicalName(),
          type.getQualifiedName(), owner);
      return false;
    }
    try {
      String source = new StubWriter(processingEnv.getTypeUtils(), processingEnv.getElementUtils(), trees,
          javaLang)
          .write(type, twin, stubs, Names.machines(twin, methods, trees)).toString();
      MachineWriter.writeSource(processingEnv.getFiler(), twin.canonicalName(), source, type);
    } catch (javax.annotation.processing.FilerException e) {
      if (processingEnv.getElementUtils().getTypeElement(twin.canonicalName()) != null) {
        diagnostics.error(Problem.TWIN_NAME_TAKEN, type, twin.canonicalName(),
            type.getSimpleName());
      } else {
        diagnostics.error(Problem.INTERNAL, type, e);
      }
      return false;
    } catch (IOException e) {
      diagnostics.error(Problem.INTERNAL, type, e);
      return false;
    }
    if (methods.isEmpty()) {
      asyncMethods(type, true); // only abstract methods: no machines, nothing to attribute
      return false;
    }
    return true;
  }

  /**
   * Writes the machines of {@code type} in its twin's round, where {@link SameRound} allows it;
   * false to leave them to the next round. (An error said now ends javac's rounds, but javac
   * still runs a last one, where the machines left over are written and their errors said.)
   */
  private boolean machinesNow(TypeElement type) {
    TreePath top = trees.getPath(type);
    return top != null && sameRound.allows(top.getCompilationUnit()) && machines(type, false, true);
  }

  /**
   * Writes the machines of {@code type}; false to try again next round. {@code sameRound}: in
   * the twin's round, where a file that must be attributed as a copy waits for the next.
   */
  private boolean machines(TypeElement type, boolean lastRound, boolean sameRound) {
    org.await4j.processor.find.Unnameable.generatingIn(type, processingEnv.getElementUtils());
    TypeElement top = type;
    while (top.getEnclosingElement() instanceof TypeElement) {
      top = (TypeElement) top.getEnclosingElement();
    }
    TreePath topPath = trees.getPath(top);
    if (topPath == null) {
      return true; // from a class file: nothing to compile
    }
    List<Runnable> unreadable = new ArrayList<>();
    JavacTraps traps = new JavacTraps(trees, diagnostics);
    JavacTraps.VarCheck check = traps.checkVars(topPath, lastRound, unreadable);
    if (check == JavacTraps.VarCheck.DEFER || sameRound && !unreadable.isEmpty()) {
      return false; // (a copy of the file, attributed on its own, would not see the twins)
    }
    if (check == JavacTraps.VarCheck.BAD) {
      standIns(type);
      return true;
    }
    SeparateAttribution separate = null;
    if (unreadable.isEmpty()) {
      traps.attribute(topPath);
    } else {
      // javac could not read this class's trees back once attributed: attribute a copy of the
      // file in a task of its own instead
      try {
        separate = SeparateAttribution.of(processingEnv, trees, topPath.getCompilationUnit());
      } catch (SeparateAttribution.Failed | RuntimeException | LinkageError why) {
        if (Boolean.getBoolean("await4j.debug")) {
          System.err.println("await4j: no separate attribution of " + type + ": " + why);
        }
        unreadable.forEach(Runnable::run);
        // what stopped the copy is often an error of the file's own, which javac holds back
        // after the error above (a "cannot find symbol"): say it, so that it is not lost
        processingEnv.getMessager().printMessage(javax.tools.Diagnostic.Kind.NOTE,
            "await4j: the processor's copy of this file stopped at " + why.getMessage(), type);
        standIns(type);
        return true;
      }
    }
    List<ExecutableElement> methods = asyncMethods(type, true);
    for (ExecutableElement m : methods) {
      if (m.getModifiers().contains(Modifier.SYNCHRONIZED)) {
        diagnostics.error(Problem.SYNCHRONIZED_METHOD, m); // its machine is still written
      }
      ExecutableElement plain = org.await4j.processor.find.PlainOverrides.of(type, m,
          processingEnv.getElementUtils(), processingEnv.getTypeUtils());
      if (plain != null) {
        diagnostics.warning(Problem.OVERRIDES_PLAIN_METHOD, m,
            plain.getEnclosingElement().getSimpleName() + "." + plain.getSimpleName());
      }
    }
    ClassName twin = Names.twin(type, processingEnv.getElementUtils());
    Map<ExecutableElement, ClassName> machineNames = Names.machines(twin, methods, trees);
    MachinesFile file = new MachinesFile(type, twin, Names.holder(twin), javaLang);
    for (ExecutableElement m : methods) {
      TreePath path = trees.getPath(m);
      if (path == null) {
        continue;
      }
      boolean written = false;
      if (!Signatures.hasErrorTypes(m)) {
        if (separate == null) {
          written = pipeline.machine(file, trees, processingEnv.getElementUtils(), processingEnv.getTypeUtils(),
              type, m, path, twin, machineNames.get(m));
        } else {
          TreePath copy = separate.methodAt(trees, path);
          Element method = copy == null ? null : separate.trees.getElement(copy);
          if (method instanceof ExecutableElement) {
            written = pipeline.machine(file, separate.trees, separate.elements, separate.types,
                (TypeElement) method.getEnclosingElement(), (ExecutableElement) method, copy, twin,
                machineNames.get(m));
          } else {
            diagnostics.error(Problem.INTERNAL, m, "its copy was not found");
          }
        }
      }
      if (!written) {
        standIn(file, type, m, machineNames.get(m));
      }
    }
    write(file, type);
    return true;
  }

  private boolean hasErrorTypes(TypeElement type) {
    for (ExecutableElement m : asyncMethods(type, false)) {
      if (Signatures.hasErrorTypes(m)) {
        return true;
      }
    }
    return false;
  }

  private void standIns(TypeElement type) {
    List<ExecutableElement> methods = asyncMethods(type, true);
    ClassName twin = Names.twin(type, processingEnv.getElementUtils());
    Map<ExecutableElement, ClassName> machineNames = Names.machines(twin, methods, trees);
    MachinesFile file = new MachinesFile(type, twin, Names.holder(twin), javaLang);
    for (ExecutableElement m : methods) {
      standIn(file, type, m, machineNames.get(m));
    }
    write(file, type);
  }

  /** A machine class that compiles whatever the body's errors, so the stubs still compile. */
  private void standIn(MachinesFile file, TypeElement type, ExecutableElement m, ClassName machineName) {
    try {
      file.add(StandInWriter.write(type, m, machineName, processingEnv.getTypeUtils(),
          processingEnv.getElementUtils()), List.of(), null, null);
    } catch (RuntimeException e) {
      diagnostics.error(Problem.INTERNAL, m, e);
    }
  }

  private void write(MachinesFile file, TypeElement type) {
    if (file.isEmpty()) {
      return;
    }
    try {
      file.writeTo(processingEnv.getFiler(), processingEnv.getElementUtils());
    } catch (javax.annotation.processing.FilerException e) {
      if (processingEnv.getElementUtils().getTypeElement(file.name().canonicalName()) != null) {
        diagnostics.error(Problem.TWIN_NAME_TAKEN, type, file.name().canonicalName(),
            type.getSimpleName());
      } else {
        diagnostics.error(Problem.INTERNAL, type, e);
      }
    } catch (IOException | RuntimeException e) {
      if (Boolean.getBoolean("await4j.debug")) {
        e.printStackTrace();
      }
      diagnostics.error(Problem.INTERNAL, type, e);
    }
  }

}
