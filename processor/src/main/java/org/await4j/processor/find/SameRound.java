package org.await4j.processor.find;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.util.TreeScanner;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import javax.annotation.processing.Processor;

/**
 * Whether a class's machines may be written in the round that writes its twin, which saves javac
 * a round (each round enters every tree of the build again). javac keeps what it inferred for an
 * implicitly typed lambda parameter or an anonymous class's diamond across rounds, so a body
 * attributed while a type it names is missing breaks javac's later passes once that type is
 * generated (an AssertionError, or errors on valid code: tried on JDK 17 and 25). The machines
 * are written at once only where nothing the file names can still be generated: no other
 * annotation processor is on the processor path, and the file names no class written in this
 * round (a twin). Elsewhere they wait for the next round, as SPEC.md's recipe does.
 */
public final class SameRound {
  private final boolean alone;
  /** Simple names of the classes written in this round, which javac enters in the next. */
  private final Set<String> unentered = new HashSet<>();
  private final Map<CompilationUnitTree, Set<String>> namesByFile = new IdentityHashMap<>();

  public SameRound(ClassLoader processorPath) {
    alone = aloneOn(processorPath);
  }

  /** A new round: what the last one wrote is entered now. */
  public void newRound() {
    unentered.clear();
    namesByFile.clear();
  }

  /** A class this round writes (or will write), by simple name. */
  public void writes(String simpleName) {
    unentered.add(simpleName);
  }

  /** Whether the classes of {@code file} may have their machines written in this round. */
  public boolean allows(CompilationUnitTree file) {
    return alone && Collections.disjoint(
        namesByFile.computeIfAbsent(file, SameRound::namesIn), unentered);
  }

  /** Every simple name the file uses, as a name or as the last part of a qualified one. */
  private static Set<String> namesIn(CompilationUnitTree file) {
    Set<String> names = new HashSet<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree node, Void v) {
        names.add(node.getName().toString());
        return null;
      }

      @Override
      public Void visitMemberSelect(MemberSelectTree node, Void v) {
        names.add(node.getIdentifier().toString());
        return super.visitMemberSelect(node, v);
      }
    }.scan(file, null);
    return names;
  }

  /**
   * Whether this processor is the only one its class loader (javac's processor path) offers:
   * another could generate, in this round, a type that a body names.
   */
  private static boolean aloneOn(ClassLoader loader) {
    try {
      Iterator<ServiceLoader.Provider<Processor>> providers =
          ServiceLoader.load(Processor.class, loader).stream().iterator();
      while (providers.hasNext()) {
        if (!providers.next().type().getName().equals("org.await4j.processor.AsyncProcessor")) {
          return false;
        }
      }
      return true;
    } catch (ServiceConfigurationError | RuntimeException | LinkageError unreadable) {
      return false;
    }
  }
}
