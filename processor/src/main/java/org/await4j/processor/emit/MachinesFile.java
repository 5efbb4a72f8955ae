package org.await4j.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import org.await4j.processor.find.CallTargets;
import org.await4j.processor.find.Names;
import org.await4j.processor.find.Unnameable;

/**
 * The machines of one class's @Async methods, written as nested classes of one generated class
 * ({@code CatalogAsyncMachines}): one file per class, not per method, so the imports and
 * annotations come once and the {@code Filer} (whose checks grow with the number of files)
 * creates fewer. Each machine ends with the field that registers its line map for async stack
 * traces, worked out from the finished file ({@link TraceLines}).
 */
public final class MachinesFile {
  /** What a machine's {@code SOURCE$} field registers, beside the line map. */
  public static final class Trace {
    final String machine;
    final String sourceClass;
    final String method;
    final String file;
    final boolean shared;
    final String stateLines;
    final String source;
    final int bodyLine;

    public Trace(String machine, String sourceClass, String method, String file, boolean shared,
        String stateLines, String source, int bodyLine) {
      this.machine = machine;
      this.sourceClass = sourceClass;
      this.method = method;
      this.file = file;
      this.shared = shared;
      this.stateLines = stateLines;
      this.source = source;
      this.bodyLine = bodyLine;
    }
  }

  private static final class Part {
    final TypeSpec.Builder spec;
    final List<CodeBlock> movedTypes;
    // FRAME$'s initializer, written on the line of the trace's field; null without a fast path
    // (a machine alone, or a stand-in)
    final String frame;
    final Trace trace; // null for a stand-in

    Part(TypeSpec.Builder spec, List<CodeBlock> movedTypes, String frame, Trace trace) {
      this.spec = spec;
      this.movedTypes = movedTypes;
      this.frame = frame;
      this.trace = trace;
    }
  }

  private final TypeElement type;
  private final ClassName holder;
  private final ClassName twin;
  private final JavaLangClashes javaLang;
  private final List<Part> parts = new ArrayList<>();

  public MachinesFile(TypeElement type, ClassName twin, ClassName holder, JavaLangClashes javaLang) {
    this.type = type;
    this.twin = twin;
    this.holder = holder;
    this.javaLang = javaLang;
  }

  /**
   * A machine; {@code frame} the initializer of its {@code FRAME$} if it has a fast path;
   * {@code trace} null for a stand-in, which registers no lines.
   */
  public void add(TypeSpec.Builder machine, List<CodeBlock> movedTypes, String frame, Trace trace) {
    parts.add(new Part(machine, movedTypes, frame, trace));
  }

  public boolean isEmpty() {
    return parts.isEmpty();
  }

  public ClassName name() {
    return holder;
  }

  /** Writes the holder with every machine added. */
  public void writeTo(javax.annotation.processing.Filer filer, Elements elements) throws IOException {
    MachineWriter.writeSource(filer, holder.canonicalName(), render(elements), type);
  }

  String render(Elements elements) {
    String[] clashes = javaLang.of(type, elements);
    // public where a machine in it is (see CallTargets.exported)
    boolean exported = Names.machineMethods(type).stream().anyMatch(CallTargets::exported);
    TypeSpec.Builder spec = TypeSpec.classBuilder(holder)
        .addModifiers(exported ? new Modifier[] {Modifier.PUBLIC, Modifier.FINAL}
            : new Modifier[] {Modifier.FINAL})
        .addJavadoc("The state machines of the {@code @Async} methods of $L, one nested class"
                + " each, started by\n{@link $T}.\n",
            Unnameable.nameable(type) ? CodeBlock.of("{@link $T}", ClassName.get(type))
                : CodeBlock.of("{@code $L}", type.getQualifiedName()), twin)
        .addOriginatingElement(type)
        .addAnnotation(Suppressions.of("fallthrough"))
        .alwaysQualify(clashes);
    if (exported) {
      // nobody makes one; public, it must say so (a module's -Xlint: missing-explicit-ctor)
      spec.addMethod(com.palantir.javapoet.MethodSpec.constructorBuilder()
          .addModifiers(Modifier.PRIVATE).build());
    } // else no constructor of its own: package-private, nobody makes one
    StubWriter.markGenerated(spec, type, elements);
    for (int i = 0; i < parts.size(); i++) {
      // a nested type comes last in its class: it marks where the class ends
      spec.addType(parts.get(i).spec.addType(TypeSpec.interfaceBuilder(marker(i)).build()).build());
    }
    String text = JavaFile.builder(holder.packageName(), spec.build())
        .skipJavaLangImports(true).build().toString();
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    int regionStart = 0;
    List<int[]> regions = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      int at = lines.indexOf("    interface " + marker(i) + " {");
      int from = lines.get(at - 1).isEmpty() ? at - 1 : at;
      List<String> replacement = new ArrayList<>();
      Part part = parts.get(i);
      for (CodeBlock moved : part.movedTypes) {
        replacement.add("");
        replacement.add("    // moved here from the @Async body: states share it");
        for (String line : moved.toString().split("\n", -1)) {
          replacement.add(line.isEmpty() ? "" : "    " + line);
        }
        while (replacement.get(replacement.size() - 1).isEmpty()) {
          replacement.remove(replacement.size() - 1);
        }
      }
      if (part.trace != null) { // a machine, not a stand-in: with a FRAME$ if it has a fast path
        replacement.add("");
        replacement.add(part.frame != null
            ? "    /** This class's number for fast paths, and what async stack traces read of its source. */"
            : "    /** What async stack traces read of this class's source: see {@code sourceLines}. */");
        replacement.add(placeholder(i));
      }
      List<String> marked = lines.subList(from, at + 2); // the marker and its closing brace
      marked.clear();
      marked.addAll(replacement);
      int end = from + replacement.size();
      regions.add(new int[] {regionStart, end});
      regionStart = end;
    }
    for (int i = 0; i < parts.size(); i++) {
      Trace trace = parts.get(i).trace;
      if (trace == null) {
        continue;
      }
      int[] region = regions.get(i);
      String regionText = String.join("\n", lines.subList(region[0], region[1]));
      List<String> chunks;
      try {
        chunks = TraceLines.encode(TraceLines.map(regionText, trace.source, trace.bodyLine, 4),
            region[0]);
      } catch (RuntimeException unexpected) {
        chunks = List.of(""); // traces keep the generated lines; the build goes on
      }
      int at = lines.indexOf(placeholder(i));
      String frame = parts.get(i).frame;
      String source = "sourceLines(" + args(trace, chunks) + ")";
      // after the body: a lambda here must not take the number of one of the body's
      lines.set(at, frame != null
          ? "    private static final int FRAME$ = " + frame.substring(0, frame.length() - 1) + ", "
              + source + ");"
          : "    private static final " + (parts.get(i).movedTypes.isEmpty()
              ? JavaLangClashes.object(clashes) : "java.lang.Object") // (a moved class Object)
              + " SOURCE$ = " + source + ";");
    }
    return String.join("\n", lines);
  }

  private static String args(Trace trace, List<String> chunks) {
    StringBuilder args = new StringBuilder();
    args.append(trace.machine).append(".class, ")
        .append(CodeBlock.of("$S, $S, $S, ", trace.sourceClass, trace.method, trace.file))
        .append(trace.shared).append(", ")
        .append(trace.stateLines);
    for (String chunk : chunks) {
      args.append(", \"").append(chunk).append('"');
    }
    return args.toString();
  }

  private static String marker(int i) {
    return "SOURCE$" + i;
  }

  private static String placeholder(int i) {
    return "    // SOURCE$" + i;
  }
}
