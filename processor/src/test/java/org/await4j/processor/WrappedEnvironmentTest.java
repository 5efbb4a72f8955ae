package org.await4j.processor;

import static com.google.common.truth.Truth.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.lang.reflect.Proxy;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import org.junit.jupiter.api.Test;

/**
 * Build tools hand processors a wrapped environment: Gradle a delegating class (to track what
 * the Filer writes), IntelliJ a proxy. The processor still finds javac's Trees through them.
 */
class WrappedEnvironmentTest {
  static final String SOURCE = """
      package w;

      import org.await4j.Async;
      import org.await4j.Task;
      import static org.await4j.Await.await;

      public class W {
        @Async static int plusOne(Task<Integer> t) { return await(t) + 1; }
      }
      """;

  /** The shape of Gradle's IncrementalProcessingEnvironment: every call to a held delegate. */
  static final class DelegatingEnvironment implements ProcessingEnvironment {
    private final ProcessingEnvironment delegate;

    DelegatingEnvironment(ProcessingEnvironment delegate) {
      this.delegate = delegate;
    }

    @Override public Map<String, String> getOptions() { return delegate.getOptions(); }
    @Override public Messager getMessager() { return delegate.getMessager(); }
    @Override public Filer getFiler() { return delegate.getFiler(); }
    @Override public Elements getElementUtils() { return delegate.getElementUtils(); }
    @Override public Types getTypeUtils() { return delegate.getTypeUtils(); }
    @Override public SourceVersion getSourceVersion() { return delegate.getSourceVersion(); }
    @Override public Locale getLocale() { return delegate.getLocale(); }
  }

  /** Runs the real processor with the environment a build tool would hand it. */
  static final class Wrapping extends AbstractProcessor {
    private final AsyncProcessor real = new AsyncProcessor();
    private final boolean proxy;

    Wrapping(boolean proxy) {
      this.proxy = proxy;
    }

    @Override
    public synchronized void init(ProcessingEnvironment env) {
      super.init(env);
      ProcessingEnvironment wrapped = proxy
          ? (ProcessingEnvironment) Proxy.newProxyInstance(getClass().getClassLoader(),
              new Class<?>[] {ProcessingEnvironment.class},
              (p, m, args) -> m.invoke(env, args))
          : new DelegatingEnvironment(env);
      real.init(wrapped);
    }

    @Override public Set<String> getSupportedAnnotationTypes() { return real.getSupportedAnnotationTypes(); }
    @Override public SourceVersion getSupportedSourceVersion() { return real.getSupportedSourceVersion(); }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      return real.process(annotations, round);
    }
  }

  @Test
  void aDelegatingEnvironmentAsGradleHandsIt() {
    compilesAndGenerates(new Wrapping(false));
  }

  @Test
  void aProxyAsIntelliJHandsIt() {
    compilesAndGenerates(new Wrapping(true));
  }

  private static void compilesAndGenerates(Wrapping processor) {
    Compilation c = Compiler.javac().withProcessors(processor)
        .compile(JavaFileObjects.forSourceString("w.W", SOURCE));
    assertThat(c.status()).isEqualTo(Compilation.Status.SUCCESS);
    assertThat(Harness.generated(c, "WAsyncMachines")).contains("class plusOne");
  }
}
