package org.await4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.JavacTask;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.ToolProvider;
import org.await4j.processor.find.SameRound;
import org.await4j.testing.CompiledClasses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A class's machines are written in the round of its twin (javac then enters every tree one
 * time less) unless something its file names may still be generated: javac keeps types it
 * inferred in a round for the next, and breaks on one that was missing then.
 */
class SameRoundTest {
  /** Records the classes each round brings in. */
  @SupportedAnnotationTypes("*")
  static final class Rounds extends AbstractProcessor {
    final List<Set<String>> roots = new ArrayList<>();

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      Set<String> names = new TreeSet<>();
      for (Element e : round.getRootElements()) {
        names.add(((TypeElement) e).getQualifiedName().toString());
      }
      roots.add(names);
      return false;
    }
  }

  static final String PLAIN = """
      package app;

      import org.await4j.Async;
      import org.await4j.Task;
      import static org.await4j.Await.await;

      public class Plain {
        @Async public static int twice(Task<Integer> t) { return 2 * await(t); }
      }
      """;

  /**
   * Names its twin where javac infers a lambda's parameter type from it: attributed in the first
   * round, when PlainerAsync does not exist yet, javac would fail on this file in a later pass.
   */
  static final String NAMES_ITS_TWIN = """
      package app;

      import java.util.stream.Collectors;
      import java.util.stream.Stream;
      import org.await4j.Async;
      import org.await4j.EventLoop;
      import org.await4j.Task;
      import static org.await4j.Await.await;

      public class Plainer {
        @Async public static int thrice(Task<Integer> t) { return 3 * await(t); }

        public static String run() {
          return EventLoop.run(() -> {
            Task<Integer> one = Task.completed(1);
            return Task.completed(Stream.of(PlainerAsync.thrice(one), PlainerAsync.thrice(one))
                .map(t -> t.isDone() + "=" + t.result()).collect(Collectors.joining(",")));
          });
        }
      }
      """;

  @Test
  void machinesComeWithTheTwinUnlessTheFileNamesATwin() throws Exception {
    Rounds rounds = new Rounds();
    Compilation c = Compiler.javac().withProcessors(rounds, new AsyncProcessor()) // rounds first: it sees round one
        .compile(JavaFileObjects.forSourceString("app.Plain", PLAIN),
            JavaFileObjects.forSourceString("app.Plainer", NAMES_ITS_TWIN));
    assertWithMessage(Harness.describe(c)).that(c.status()).isEqualTo(Compilation.Status.SUCCESS);
    assertThat(rounds.roots).containsExactly(
        Set.of("app.Plain", "app.Plainer"),
        Set.of("app.PlainAsync", "app.PlainAsyncMachines", "app.PlainerAsync"),
        Set.of("app.PlainerAsyncMachines"),
        Set.of()).inOrder();
    Object run = CompiledClasses.loader(c).loadClass("app.Plainer").getMethod("run").invoke(null);
    assertThat(run).isEqualTo("true=3,true=3");
  }

  /**
   * An error said in a round ends javac's rounds; Plainer's machines, which wait for the next
   * round, are written in javac's last one, which says their errors too.
   */
  @Test
  void theErrorsOfBothRoundsAreSaid() {
    Compilation c = Compiler.javac().withProcessors(new AsyncProcessor()).compile(
        JavaFileObjects.forSourceString("app.Plain", PLAIN.replace("2 * await(t); }",
            "2 * await(t); }\n  @Async public static void bad(Task<Integer> t) {"
                + " Runnable r = () -> await(t); }")),
        JavaFileObjects.forSourceString("app.Plainer", NAMES_ITS_TWIN.replace("3 * await(t); }",
            "3 * await(t); }\n  @Async public static void bad(Task<Integer> t) {"
                + " Runnable r = () -> await(t); }")));
    assertThat(c.status()).isEqualTo(Compilation.Status.FAILURE);
    assertWithMessage(Harness.describe(c)).that(c.errors()).hasSize(2);
    for (int i = 0; i < 2; i++) {
      assertThat(c.errors().get(i).getMessage(null)).contains("lambda");
    }
    assertThat(c.errors().get(0).getSource().getName()).endsWith("Plain.java");
    assertThat(c.errors().get(1).getSource().getName()).endsWith("Plainer.java");
  }

  @Test
  void anotherProcessorOnThePathMayGenerateWhatTheFileNames(@TempDir Path dir) throws IOException {
    CompilationUnitTree file = parse(PLAIN);
    assertThat(new SameRound(SameRoundTest.class.getClassLoader()).allows(file)).isTrue();
    Path services = dir.resolve("META-INF/services/javax.annotation.processing.Processor");
    Files.createDirectories(services.getParent());
    Files.writeString(services, Rounds.class.getName() + "\n");
    try (URLClassLoader withAnother = new URLClassLoader(new URL[] {dir.toUri().toURL()},
        SameRoundTest.class.getClassLoader())) {
      assertThat(new SameRound(withAnother).allows(file)).isFalse();
    }
    SameRound named = new SameRound(SameRoundTest.class.getClassLoader());
    named.writes("Task");
    assertThat(named.allows(file)).isFalse();
  }

  private static CompilationUnitTree parse(String source) throws IOException {
    JavacTask task = (JavacTask) ToolProvider.getSystemJavaCompiler().getTask(null, null, null,
        null, null, List.of(JavaFileObjects.forSourceString("app.Plain", source)));
    return task.parse().iterator().next();
  }
}
