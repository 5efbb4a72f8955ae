package org.await4j.processor.find;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Attributes one source file in a javac task of its own, for a class whose real trees must not
 * be attributed during processing: javac keeps the types it infers for implicitly typed lambda
 * parameters and {@code var}s in the trees, and its final pass, which attributes them again,
 * cannot resolve a captured wildcard or an anonymous class by name. The separate task sees what
 * the main compilation sees: its sources (the generated twins too) and the class files on its
 * class path and module path (a module's packages read as the class path's: the copy is in the
 * unnamed module), listed through the main compilation's elements and read through its {@code Filer};
 * the platform comes from the same release. Only the public {@code javax.tools} and {@code
 * com.sun.source} APIs are used.
 */
public final class SeparateAttribution {
  /** The separate task could not attribute the file as the main compilation would. */
  public static final class Failed extends Exception {
    public Failed(String why) {
      super(why, null, false, false);
    }
  }

  public final Trees trees;
  public final Elements elements;
  public final Types types;
  final CompilationUnitTree unit;

  private SeparateAttribution(JavacTask task, CompilationUnitTree unit) {
    this.trees = Trees.instance(task);
    this.elements = task.getElements();
    this.types = task.getTypes();
    this.unit = unit;
  }

  public static SeparateAttribution of(ProcessingEnvironment env, Trees mainTrees,
      CompilationUnitTree mainUnit) throws Failed {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new Failed("no system Java compiler");
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, null, null);
    MainCompilationFiles files = new MainCompilationFiles(standard, env.getElementUtils(),
        mainTrees, env.getFiler());
    List<String> options = new ArrayList<>(List.of("-proc:none", "-implicit:none", "-nowarn",
        "-Xlint:none", "-XDsuppressNotes"));
    SourceVersion version = env.getSourceVersion();
    options.add("--release");
    options.add(version.name().substring("RELEASE_".length()));
    if (env.isPreviewEnabled()) {
      options.add("--enable-preview");
    }
    JavacTask task;
    try {
      task = (JavacTask) javac.getTask(null, files, diagnostics, options, null,
          inputs(env.getElementUtils(), mainTrees, mainUnit));
    } catch (IllegalArgumentException | IllegalStateException unusable) {
      throw new Failed(unusable.toString());
    }
    CompilationUnitTree unit;
    try {
      Iterable<? extends CompilationUnitTree> units = task.parse();
      unit = units.iterator().next();
      task.analyze();
    } catch (IOException | RuntimeException e) {
      throw new Failed(e.toString());
    }
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      // errors elsewhere do not matter: the twins' bodies call machines not written yet
      if (d.getKind() == Diagnostic.Kind.ERROR && (d.getSource() == null
          || d.getSource().toUri().equals(mainUnit.getSourceFile().toUri()))) {
        throw new Failed((d.getSource() == null ? "" : d.getSource().getName() + ":"
            + d.getLineNumber() + ": ") + d.getMessage(null));
      }
    }
    return new SeparateAttribution(task, unit);
  }

  /**
   * The file to attribute, and the files of its package whose names are not their classes'
   * (a package-private {@code class Helper} in Helpers.java): the source path finds a class by
   * its file's name, so those must be compiled along (only a class of the same package can be
   * declared so and used here).
   */
  private static List<JavaFileObject> inputs(Elements elements, Trees mainTrees,
      CompilationUnitTree mainUnit) {
    List<JavaFileObject> inputs = new ArrayList<>();
    JavaFileObject main = mainUnit.getSourceFile();
    inputs.add(main);
    String name = mainUnit.getPackageName() == null ? "" : mainUnit.getPackageName().toString();
    PackageElement p = elements.getPackageElement(name);
    if (p == null) {
      return inputs;
    }
    for (TypeElement t : ElementFilter.typesIn(p.getEnclosedElements())) {
      TreePath path = mainTrees.getPath(t);
      JavaFileObject file = path == null ? null : path.getCompilationUnit().getSourceFile();
      if (file != null && !file.isNameCompatible(t.getSimpleName().toString(), JavaFileObject.Kind.SOURCE)
          && inputs.stream().noneMatch(f -> f.toUri().equals(file.toUri()))) {
        inputs.add(file);
      }
    }
    return inputs;
  }

  /** The path of the method declared at the same place as {@code mainMethod}, or null. */
  public TreePath methodAt(Trees mainTrees, TreePath mainMethod) {
    long start = mainTrees.getSourcePositions().getStartPosition(
        mainMethod.getCompilationUnit(), mainMethod.getLeaf());
    SourcePositions positions = trees.getSourcePositions();
    TreePath[] found = {null};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitMethod(MethodTree node, Void v) {
        if (positions.getStartPosition(unit, node) == start) {
          found[0] = getCurrentPath();
          return null;
        }
        return super.visitMethod(node, v);
      }
    }.scan(unit, null);
    return found[0];
  }

  /**
   * The class path and source path of the separate task, as the main compilation sees them (its
   * module path's and its modules' packages as the class path's).
   * Packages are listed from the main compilation's elements: a class compiled now is read as
   * its source file (the main compilation's own file object), any other as its class file.
   */
  private static final class MainCompilationFiles
      extends ForwardingJavaFileManager<StandardJavaFileManager> {
    private final Elements elements;
    private final Trees trees;
    private final Filer filer;
    /** By URI: javac may hand back a file object unwrapped from the one listed. */
    private final Map<java.net.URI, String> binaryNames = new java.util.HashMap<>();

    MainCompilationFiles(StandardJavaFileManager standard, Elements elements, Trees trees,
        Filer filer) {
      super(standard);
      this.elements = elements;
      this.trees = trees;
      this.filer = filer;
    }

    @Override
    public boolean hasLocation(Location location) {
      return location == StandardLocation.CLASS_PATH || location == StandardLocation.SOURCE_PATH
          || super.hasLocation(location);
    }

    @Override
    public Iterable<JavaFileObject> list(Location location, String packageName,
        Set<JavaFileObject.Kind> kinds, boolean recurse) throws IOException {
      boolean sources = location == StandardLocation.SOURCE_PATH;
      if (!sources && location != StandardLocation.CLASS_PATH) {
        return super.list(location, packageName, kinds, recurse);
      }
      List<JavaFileObject> out = new ArrayList<>();
      if (!kinds.contains(sources ? JavaFileObject.Kind.SOURCE : JavaFileObject.Kind.CLASS)) {
        return out;
      }
      PackageElement p = elements.getPackageElement(packageName);
      if (p == null || platform(elements.getModuleOf(p))) {
        return out; // (the platform's come from the release)
      }
      for (TypeElement t : ElementFilter.typesIn(p.getEnclosedElements())) {
        TreePath path = trees.getPath(t);
        if (sources && path != null) {
          JavaFileObject file = path.getCompilationUnit().getSourceFile();
          if (!binaryNames.containsKey(file.toUri())) {
            binaryNames.put(file.toUri(), binaryNameOfSource(packageName, file));
            out.add(file);
          }
        } else if (!sources && path == null) {
          addClassFiles(t, packageName, out);
        }
      }
      return out;
    }

    /**
     * Whether a module is the platform's (its classes come from the release); another named one
     * (a module of the compilation, or of the module path, such as org.await4j's) is read as a
     * package of the class path here.
     */
    private static boolean platform(javax.lang.model.element.ModuleElement m) {
      String name = m.getQualifiedName().toString();
      return !m.isUnnamed() && (name.startsWith("java.") || name.startsWith("jdk."));
    }

    private void addClassFiles(TypeElement t, String packageName, List<JavaFileObject> out) {
      String binary = elements.getBinaryName(t).toString();
      String relative = (packageName.isEmpty() ? binary : binary.substring(packageName.length() + 1))
          + ".class";
      javax.lang.model.element.ModuleElement module = elements.getModuleOf(t);
      try {
        FileObject file = module == null || module.isUnnamed()
            ? filer.getResource(StandardLocation.CLASS_PATH, packageName, relative)
            : filer.getResource(StandardLocation.MODULE_PATH,
                module.getQualifiedName() + "/" + packageName, relative);
        JavaFileObject classFile = new ClassFile(file, binary);
        binaryNames.put(classFile.toUri(), binary);
        out.add(classFile);
      } catch (IOException | RuntimeException notOnTheClassPath) {
        if (Boolean.getBoolean("await4j.debug")) {
          System.err.println("await4j: no class file for " + binary + ": " + notOnTheClassPath);
        }
        return; // not a class file of the class path (the platform's, or generated)
      }
      for (Element member : t.getEnclosedElements()) {
        if (member instanceof TypeElement) {
          addClassFiles((TypeElement) member, packageName, out);
        }
      }
    }

    private static String binaryNameOfSource(String packageName, JavaFileObject file) {
      String name = file.getName();
      String simple = name.substring(name.lastIndexOf('/') + 1);
      simple = simple.substring(simple.lastIndexOf('\\') + 1);
      if (simple.endsWith(".java")) {
        simple = simple.substring(0, simple.length() - ".java".length());
      }
      return packageName.isEmpty() ? simple : packageName + "." + simple;
    }

    @Override
    public String inferBinaryName(Location location, JavaFileObject file) {
      String name = binaryNames.get(file.toUri());
      if (name == null) {
        name = super.inferBinaryName(location, file);
        if (name == null && Boolean.getBoolean("await4j.debug")) {
          System.err.println("await4j: no binary name for " + location + " " + file.toUri() + " " + file.getClass());
        }
      }
      return name;
    }

    @Override
    public boolean isSameFile(FileObject a, FileObject b) {
      if (a == b) {
        return true;
      }
      if (binaryNames.containsKey(a.toUri()) || binaryNames.containsKey(b.toUri())
          || !(a instanceof JavaFileObject) || !(b instanceof JavaFileObject)) {
        return a.toUri().equals(b.toUri());
      }
      try {
        return super.isSameFile(a, b);
      } catch (IllegalArgumentException foreign) {
        return a.toUri().equals(b.toUri());
      }
    }

    @Override
    public boolean contains(Location location, FileObject file) throws IOException {
      if (binaryNames.containsKey(file.toUri())) {
        return true;
      }
      try {
        return super.contains(location, file);
      } catch (IllegalArgumentException | UnsupportedOperationException foreign) {
        return false;
      }
    }
  }

  /** A class file the main compilation's Filer reads from its class path. */
  private static final class ClassFile extends SimpleJavaFileObject {
    private final FileObject file;

    ClassFile(FileObject file, String binaryName) {
      // a URI of its own: the class path's may be opaque (jar:...), which javac cannot take
      super(java.net.URI.create("classpath:///" + binaryName.replace('.', '/') + ".class"), Kind.CLASS);
      this.file = file;
    }

    @Override
    public InputStream openInputStream() throws IOException {
      return file.openInputStream();
    }

    @Override
    public boolean isNameCompatible(String simpleName, Kind kind) {
      return kind == Kind.CLASS && file.getName().endsWith(simpleName + ".class");
    }
  }
}
