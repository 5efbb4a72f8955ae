package org.await4j.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.ClassName;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
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
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import org.await4j.processor.analyze.Suspensions;
import org.await4j.processor.emit.MachineWriter;
import org.await4j.processor.emit.StandInWriter;
import org.await4j.processor.emit.StubWriter;
import org.await4j.processor.find.AsyncAnnotation;
import org.await4j.processor.find.BodyErrors;
import org.await4j.processor.find.LocalAsyncFinder;
import org.await4j.processor.find.Names;
import org.await4j.processor.find.SeparateAttribution;
import org.await4j.processor.find.Signatures;
import org.await4j.processor.lower.Lowerer;
import org.await4j.processor.lower.MethodContext;
import org.await4j.processor.lower.ReachCheck;
import org.await4j.processor.lower.TypeNames;

/**
 * Compiles {@code @Async} methods into state machines. Round one writes each class's twin
 * {@code <Name>Async} from the elements alone; the next round, when everything the bodies use
 * exists, attributes the bodies and writes one machine class per method (the recipe in
 * SPEC.md that avoids javac's two traps). No exception ever reaches javac.
 */
@AutoService(Processor.class)
public final class AsyncProcessor extends AbstractProcessor {
  private Trees trees;
  private String treesProblem;
  private Diagnostics diagnostics;
  /** Types whose twin is written and whose machines are not, by qualified name. */
  private final Set<String> pending = new LinkedHashSet<>();
  /** Types whose twin waits for a signature type that does not resolve yet, by name. */
  private final Set<String> waitingTwins = new LinkedHashSet<>();
  private final Set<String> seen = new LinkedHashSet<>();
  private final Set<String> seenRoots = new LinkedHashSet<>();
  private boolean reportedNoTrees;

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
      trees = treesOf(env);
    } catch (RuntimeException | LinkageError e) {
      treesProblem = e.toString();
    }
    diagnostics = new Diagnostics(env.getMessager(), trees);
  }

  /**
   * {@code Trees} of the environment javac made, which {@code Trees.instance} needs: IntelliJ
   * wraps it in a proxy, Gradle in a delegating class (to track what the Filer writes; the wrapped
   * environment stays in use for everything else). Unwrapped by the one field that holds it.
   */
  static Trees treesOf(ProcessingEnvironment env) {
    ProcessingEnvironment current = env;
    for (int depth = 0; ; depth++) {
      try {
        return Trees.instance(current);
      } catch (IllegalArgumentException wrapped) {
        Object holder = Proxy.isProxyClass(current.getClass())
            ? Proxy.getInvocationHandler(current) : current;
        ProcessingEnvironment inner = delegateIn(holder);
        if (inner == null || inner == current || depth == 8) {
          throw wrapped;
        }
        current = inner;
      }
    }
  }

  private static ProcessingEnvironment delegateIn(Object holder) {
    for (Class<?> c = holder.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (!ProcessingEnvironment.class.isAssignableFrom(f.getType())
            && f.getType() != Object.class) {
          continue;
        }
        try {
          f.setAccessible(true);
          Object value = f.get(holder);
          if (value instanceof ProcessingEnvironment) {
            return (ProcessingEnvironment) value;
          }
        } catch (ReflectiveOperationException | RuntimeException ignored) {
          // not this field
        }
      }
    }
    return null;
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
      if (type == null || machines(type, round.processingOver())) {
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
    for (TypeElement type : byType.keySet()) {
      String name = type.getQualifiedName().toString();
      if (!name.isEmpty() && seen.add(name)) {
        try {
          if (hasErrorTypes(type) && !round.processingOver()) {
            waitingTwins.add(name); // a type that another processor may still generate
          } else if (twin(type)) {
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
        if (m.getModifiers().contains(Modifier.NATIVE)) {
          diagnostics.error(Problem.NATIVE_METHOD, m);
        } else {
          diagnostics.error(Problem.TYPE_VARIABLE_CLASH, m,
              Names.clashingTypeVariable(type, m).getSimpleName());
        }
      }
    }
    return methods;
  }

  /** Writes the twin; false if the type cannot have one (reported). */
  private boolean twin(TypeElement type) {
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      TypeElement t = (TypeElement) e;
      if (t.getNestingKind() == NestingKind.LOCAL || t.getNestingKind() == NestingKind.ANONYMOUS) {
        for (ExecutableElement m : asyncMethods(type, false)) {
          diagnostics.error(Problem.LOCAL_TYPE, m);
        }
        return false;
      }
      if (t.getModifiers().contains(Modifier.PRIVATE)) {
        diagnostics.error(Problem.PRIVATE_TYPE, type,
            Names.twin(type, processingEnv.getElementUtils()).simpleName(), t.getSimpleName());
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
    try {
      String source = new StubWriter(processingEnv.getTypeUtils(), processingEnv.getElementUtils())
          .write(type, twin, stubs, Names.machines(twin, methods)).toString();
      MachineWriter.writeSource(processingEnv.getFiler(), twin.canonicalName(), source, type);
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

  /** Writes the machines of {@code type}; false to try again next round. */
  private boolean machines(TypeElement type, boolean lastRound) {
    TypeElement top = type;
    while (top.getEnclosingElement() instanceof TypeElement) {
      top = (TypeElement) top.getEnclosingElement();
    }
    TreePath topPath = trees.getPath(top);
    if (topPath == null) {
      return true; // from a class file: nothing to compile
    }
    List<Runnable> unreadable = new ArrayList<>();
    VarCheck check = checkVars(topPath, lastRound, unreadable);
    if (check == VarCheck.DEFER) {
      return false;
    }
    if (check == VarCheck.BAD) {
      standIns(type);
      return true;
    }
    SeparateAttribution separate = null;
    if (unreadable.isEmpty()) {
      attribute(topPath);
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
        standIns(type);
        return true;
      }
    }
    List<ExecutableElement> methods = asyncMethods(type, true);
    for (ExecutableElement m : methods) {
      if (m.getModifiers().contains(Modifier.SYNCHRONIZED)) {
        diagnostics.error(Problem.SYNCHRONIZED_METHOD, m); // its machine is still written
      }
    }
    ClassName twin = Names.twin(type, processingEnv.getElementUtils());
    Map<ExecutableElement, ClassName> machineNames = Names.machines(twin, methods);
    for (ExecutableElement m : methods) {
      TreePath path = trees.getPath(m);
      if (path == null) {
        continue;
      }
      boolean written = false;
      if (!Signatures.hasErrorTypes(m)) {
        if (separate == null) {
          written = machine(trees, processingEnv.getElementUtils(), processingEnv.getTypeUtils(),
              type, m, path, twin, machineNames.get(m));
        } else {
          TreePath copy = separate.methodAt(trees, path);
          Element method = copy == null ? null : separate.trees.getElement(copy);
          if (method instanceof ExecutableElement) {
            written = machine(separate.trees, separate.elements, separate.types,
                (TypeElement) method.getEnclosingElement(), (ExecutableElement) method, copy, twin,
                machineNames.get(m));
          } else {
            diagnostics.error(Problem.INTERNAL, m, "its copy was not found");
          }
        }
      }
      if (!written) {
        standIn(type, m, machineNames.get(m));
      }
    }
    return true;
  }

  /** Writes the machine of {@code m}; false where the body cannot have one (reported). */
  private boolean machine(Trees trees, Elements elements, Types types, TypeElement type,
      ExecutableElement m, TreePath path, ClassName twin, ClassName machineName) {
    try {
      String source = path.getCompilationUnit().getSourceFile().getCharContent(true).toString();
      MethodContext ctx = new MethodContext(trees, elements, types, diagnostics, type, m, path,
          source, twin, machineName);
      TreePath body = new TreePath(path, ctx.methodTree().getBody());
      if (BodyErrors.any(body, trees)) {
        return false; // javac reports them in the source
      }
      int errorsBefore = diagnostics.errorCount();
      Suspensions suspensions = Suspensions.scan(body, trees, diagnostics);
      // every place the machine cannot reach, reported at once (not the first only)
      if (ReachCheck.run(ctx, body, suspensions) > 0 || diagnostics.errorCount() > errorsBefore) {
        return false;
      }
      Lowerer lowered = sharedLowering(ctx, suspensions);
      if (lowered == null) {
        lowered = new Lowerer(ctx, suspensions); // reports what it cannot lower
        lowered.lower();
      }
      MachineWriter.writeTo(processingEnv.getFiler(), ctx, lowered);
      return true;
    } catch (Lowerer.Abort reported) {
      return false; // the diagnostic is out; the other methods still compile
    } catch (IOException | RuntimeException | LinkageError | StackOverflowError e) {
      if (Boolean.getBoolean("await4j.debug")) {
        e.printStackTrace();
      }
      // printed through the main compilation (a copy's own task would keep the message)
      diagnostics.error(Problem.INTERNAL, path.getLeaf(), path.getCompilationUnit(), e);
      return false;
    }
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
    Map<ExecutableElement, ClassName> machineNames =
        Names.machines(Names.twin(type, processingEnv.getElementUtils()), methods);
    for (ExecutableElement m : methods) {
      standIn(type, m, machineNames.get(m));
    }
  }

  /** A machine class that compiles whatever the body's errors, so the stubs still compile. */
  private void standIn(TypeElement type, ExecutableElement m, ClassName machineName) {
    try {
      MachineWriter.writeSource(processingEnv.getFiler(), machineName.canonicalName(),
          StandInWriter.write(type, m, machineName, processingEnv.getTypeUtils(),
              processingEnv.getElementUtils()).toString(), type);
    } catch (IOException | RuntimeException e) {
      diagnostics.error(Problem.INTERNAL, m, e);
    }
  }

  /**
   * The body lowered once for both its fast path and its machine (states over plain locals), or
   * null if it cannot be: then it is lowered for the machine alone, whose fast path simply
   * starts the machine.
   */
  private static Lowerer sharedLowering(MethodContext ctx, Suspensions suspensions) {
    try {
      Lowerer shared = new Lowerer(ctx, suspensions, true);
      shared.lower();
      return MachineWriter.canShare(shared) ? shared : null;
    } catch (Lowerer.NotFast | Lowerer.Abort why) {
      return null;
    }
  }

  /**
   * Attributes the top-level class's trees: {@code getElement} on a name does it, while {@code
   * getTypeMirror}, which the lowering also uses, only reads what attribution left behind.
   */
  private void attribute(TreePath top) {
    new TreePathScanner<Boolean, Void>() {
      @Override
      public Boolean visitIdentifier(com.sun.source.tree.IdentifierTree node, Void v) {
        trees.getElement(getCurrentPath());
        return true;
      }

      @Override
      public Boolean scan(Tree tree, Void v) {
        return Boolean.TRUE.equals(super.scan(tree, v)) ? true : null;
      }

      @Override
      public Boolean reduce(Boolean a, Boolean b) {
        return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b) ? true : null;
      }

      @Override
      public Boolean visitMethod(com.sun.source.tree.MethodTree node, Void v) {
        // one name inside a body is enough: javac then attributes the whole class
        return node.getBody() == null ? null : scan(node.getBody(), v);
      }
    }.scan(top, null);
  }

  private enum VarCheck { OK, DEFER, BAD }

  /**
   * javac's traps (SPEC.md): a {@code var} of anonymous type anywhere in the top-level class, or
   * of a type not generated yet, breaks later rounds once the bodies are attributed. Find them
   * with {@code getScope}, which is safe, before attributing anything.
   */
  private VarCheck checkVars(TreePath top, boolean lastRound, List<Runnable> unreadable) {
    VarCheck[] result = {VarCheck.OK};
    new TreePathScanner<Void, Void>() {
      /** Per member of a class (method, field, initializer): whether it declares a class. */
      private final java.util.Map<Tree, Boolean> membersWithClasses = new java.util.IdentityHashMap<>();

      private boolean memberDeclaresClass(TreePath path) {
        // the member of a named class: getScope copies its whole body, local classes included
        TreePath p = path;
        while (p.getParentPath() != null && !isNamedClass(p.getParentPath())) {
          p = p.getParentPath();
        }
        Tree member = p.getLeaf();
        return membersWithClasses.computeIfAbsent(member, m -> declaresClass(
            m instanceof com.sun.source.tree.MethodTree ? ((com.sun.source.tree.MethodTree) m).getBody()
                : m instanceof VariableTree ? ((VariableTree) m).getInitializer() : m));
      }

      private boolean isNamedClass(TreePath path) {
        Tree up = path.getParentPath() == null ? null : path.getParentPath().getLeaf();
        return path.getLeaf() instanceof com.sun.source.tree.ClassTree
            && (up instanceof CompilationUnitTree || up instanceof com.sun.source.tree.ClassTree);
      }

      @Override
      public Void visitConditionalExpression(com.sun.source.tree.ConditionalExpressionTree node,
          Void v) {
        checkPolyArgument(node);
        return super.visitConditionalExpression(node, v);
      }

      /**
       * A conditional passed as an argument inside a generic method: javac caches the type it
       * inferred for such an argument by its position, with the method's type variables of the
       * attribution that made it, and its final pass then rejects the cached type ("bad type in
       * conditional expression"). Such a class is attributed as a copy of its file.
       */
      private void checkPolyArgument(Tree node) {
        TreePath path = getCurrentPath();
        TreePath up = path.getParentPath();
        while (up.getLeaf() instanceof com.sun.source.tree.ParenthesizedTree) {
          up = up.getParentPath();
        }
        if (!(up.getLeaf() instanceof com.sun.source.tree.MethodInvocationTree
            || up.getLeaf() instanceof com.sun.source.tree.NewClassTree)) {
          return;
        }
        // the type variables of the method or of a class around it (javac enters the classes
        // again each round, with new type variables: found in commons-collections4's TreeList)
        for (TreePath p = up; p != null; p = p.getParentPath()) {
          boolean generic = p.getLeaf() instanceof com.sun.source.tree.MethodTree
              && !((com.sun.source.tree.MethodTree) p.getLeaf()).getTypeParameters().isEmpty()
              || p.getLeaf() instanceof com.sun.source.tree.ClassTree
              && !((com.sun.source.tree.ClassTree) p.getLeaf()).getTypeParameters().isEmpty();
          if (generic) {
            CompilationUnitTree unit = path.getCompilationUnit();
            unreadable.add(() -> diagnostics.error(Problem.POLY_ARGUMENT_IN_GENERIC_METHOD, node,
                unit));
            return;
          }
        }
      }

      @Override
      public Void visitVariable(VariableTree node, Void v) {
        Tree parent = getCurrentPath().getParentPath().getLeaf();
        if (node.getType() == null && memberDeclaresClass(getCurrentPath())) {
          // its type cannot be asked for safely: attribute a copy of the file instead
          CompilationUnitTree unit = getCurrentPath().getCompilationUnit();
          unreadable.add(() -> diagnostics.error(Problem.IMPLICIT_TYPE_AFTER_CLASS, node, unit,
              node.getName()));
        } else if (node.getType() == null && parent instanceof LambdaExpressionTree) {
          TypeMirror type = typeOfLambdaParameter(getCurrentPath().getParentPath(), node);
          if (type != null && (mentionsCapture(type) || mentionsAnonymous(type))) {
            CompilationUnitTree unit = getCurrentPath().getCompilationUnit();
            unreadable.add(() -> diagnostics.error(Problem.LAMBDA_PARAMETER_TYPE, node, unit,
                node.getName(), type));
          }
        } else if (node.getType() == null) {
          TypeMirror type = typeOfVar(getCurrentPath(), node);
          if (type != null && type.getKind() == TypeKind.ERROR) {
            if (lastRound) {
              diagnostics.error(Problem.VAR_UNRESOLVED_TYPE, node,
                  getCurrentPath().getCompilationUnit(), node.getName() + " = " + node.getInitializer());
              result[0] = VarCheck.BAD;
            } else if (result[0] == VarCheck.OK) {
              result[0] = VarCheck.DEFER;
            }
          } else if (type != null && mentionsAnonymous(type)) {
            CompilationUnitTree unit = getCurrentPath().getCompilationUnit();
            unreadable.add(() -> diagnostics.error(Problem.VAR_ANONYMOUS_TYPE, node, unit));
          }
        }
        return super.visitVariable(node, v);
      }
    }.scan(top, null);
    return result[0];
  }

  private TypeMirror typeOfVar(TreePath path, VariableTree node) {
    com.sun.source.tree.Scope scope;
    try {
      scope = trees.getScope(path);
    } catch (RuntimeException javacFailed) {
      // javac's speculative attribution of a copy of the body can fail on forms it did not
      // expect in a later round (a ?: with a call in it): the real attribution still works,
      // so this var simply goes unchecked
      return null;
    }
    for (Element local : scope.getLocalElements()) {
      if (local.getSimpleName().equals(node.getName())) {
        return local.asType();
      }
    }
    return null;
  }

  /**
   * Whether a class is declared in {@code tree} (an anonymous class in a var's initializer, say):
   * asking getScope for a type there attributes a copy of that class, which leaves the real one
   * unattributed.
   */
  private static boolean declaresClass(Tree tree) {
    if (tree == null) {
      return false;
    }
    Boolean found = new com.sun.source.util.TreeScanner<Boolean, Void>() {
      @Override
      public Boolean visitClass(com.sun.source.tree.ClassTree node, Void v) {
        return true;
      }

      @Override
      public Boolean reduce(Boolean a, Boolean b) {
        return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
      }
    }.scan(tree, null);
    return Boolean.TRUE.equals(found);
  }

  /** The type javac infers for an implicitly typed lambda parameter, from a copy of the body. */
  private TypeMirror typeOfLambdaParameter(TreePath lambda, VariableTree param) {
    Tree body = ((LambdaExpressionTree) lambda.getLeaf()).getBody();
    try {
      for (Element local : trees.getScope(new TreePath(lambda, body)).getLocalElements()) {
        if (local.getSimpleName().equals(param.getName())) {
          return local.asType();
        }
      }
    } catch (RuntimeException javacFailed) {
      // as in typeOfVar: left unchecked
    }
    return null;
  }

  /** Whether a type has a captured wildcard in it, which javac cannot name again. */
  private static boolean mentionsCapture(TypeMirror type) {
    switch (type.getKind()) {
      case TYPEVAR:
        return TypeNames.isCaptured((javax.lang.model.type.TypeVariable) type);
      case ARRAY:
        return mentionsCapture(((javax.lang.model.type.ArrayType) type).getComponentType());
      case DECLARED:
        for (TypeMirror arg : ((DeclaredType) type).getTypeArguments()) {
          if (mentionsCapture(arg)) {
            return true;
          }
        }
        return false;
      case WILDCARD: {
        javax.lang.model.type.WildcardType w = (javax.lang.model.type.WildcardType) type;
        return (w.getExtendsBound() != null && mentionsCapture(w.getExtendsBound()))
            || (w.getSuperBound() != null && mentionsCapture(w.getSuperBound()));
      }
      default:
        return false;
    }
  }

  private static boolean mentionsAnonymous(TypeMirror type) {
    if (type.getKind() == TypeKind.DECLARED) { // not an intersection, which javac reads back
      DeclaredType d = (DeclaredType) type;
      if (((TypeElement) d.asElement()).getNestingKind() == NestingKind.ANONYMOUS) {
        return true;
      }
      for (TypeMirror arg : d.getTypeArguments()) {
        if (mentionsAnonymous(arg)) {
          return true;
        }
      }
    }
    return false;
  }
}
