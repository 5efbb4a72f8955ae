package org.await4j.processor;

import com.palantir.javapoet.ClassName;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.io.IOException;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import org.await4j.processor.analyze.Suspensions;
import org.await4j.processor.emit.MachineWriter;
import org.await4j.processor.emit.MachinesFile;
import org.await4j.processor.find.BodyErrors;
import org.await4j.processor.lower.LoweredBody;
import org.await4j.processor.lower.Lowerer;
import org.await4j.processor.lower.MethodContext;
import org.await4j.processor.lower.ReachCheck;

/**
 * One @Async method through the stages: its body checked (find), its suspension points and the
 * places a machine cannot reach (analyze), lowered (lower, once for the shared body, or for the
 * machine alone), and its machine class added to its class's file of machines (emit). Stops
 * after a stage that reported.
 */
final class Pipeline {
  private final Diagnostics diagnostics;

  Pipeline(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /** Writes the machine of {@code m}; false where the body cannot have one (reported). */
  boolean machine(MachinesFile file, Trees trees, Elements elements, Types types, TypeElement type,
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
      Suspensions suspensions = Suspensions.scan(body, trees, types, elements, diagnostics);
      if (diagnostics.errorCount() > errorsBefore) {
        ReachCheck.run(ctx, body, suspensions); // every other problem too, in the same compile
        return false;
      }
      // a shared body prints every tree through the same checks as ReachCheck: if it lowers,
      // nothing is out of the machine's reach, and the body is printed once, not twice
      LoweredBody lowered = sharedLowering(ctx, suspensions);
      if (lowered == null) {
        // every place the machine cannot reach, reported at once (not the first only)
        if (ReachCheck.run(ctx, body, suspensions) > 0) {
          return false;
        }
        lowered = new Lowerer(ctx, suspensions).lower(); // reports what it cannot lower
      }
      MachineWriter.addTo(file, ctx, lowered);
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

  /**
   * The body lowered once for both its fast path and its machine (states over plain locals), or
   * null if it cannot be: then it is lowered for the machine alone, whose fast path simply
   * starts the machine.
   */
  private static LoweredBody sharedLowering(MethodContext ctx, Suspensions suspensions) {
    try {
      LoweredBody shared = new Lowerer(ctx, suspensions, true).lower();
      if (MachineWriter.canShare(shared)) {
        return shared;
      }
      explain(ctx, "too large to share (" + shared.fields.size() + " fields, "
          + shared.parts.size() + " parts, " + shared.movedTypes.size() + " moved types)");
      return null;
    } catch (Lowerer.NotFast | Lowerer.Abort why) {
      explain(ctx, String.valueOf(why.getMessage()));
      return null;
    }
  }

  /** With -Dawait4j.debug, says why a body has no fast path (a machine alone). */
  private static void explain(MethodContext ctx, String why) {
    if (Boolean.getBoolean("await4j.debug")) {
      System.err.println("await4j: no shared body for " + ctx.type.getQualifiedName() + "."
          + ctx.method.getSimpleName() + ": " + why);
    }
  }
}
