package org.await4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A named module that neither exports nor opens its packages: the runtime cannot reach the
 * overrides of an @Async method by reflection there, and reaches them through the lookup the
 * declaring class's twin lends it. Each receiver runs its own class's method, on the loop (the
 * fast path's dispatch) and off it, also for an override in another package of the module. It
 * ran the declaring class's body for all of them before (silently wrong results).
 */
class ClosedModuleOverridesTest {
  @Test
  void overridesInAClosedModuleRunTheirOwnBodies(@TempDir Path dir) throws Exception {
    ModuleBuild.write(dir.resolve("src/module-info.java"), "module app { requires org.await4j; }");
    ModuleBuild.write(dir.resolve("src/app/core/Base.java"), """
        package app.core;

        import java.util.concurrent.CompletableFuture;
        import org.await4j.Async;
        import static org.await4j.Await.await;

        public class Base {
          @Async public String name() { return "base" + await(CompletableFuture.completedFuture("")); }
        }
        """);
    ModuleBuild.write(dir.resolve("src/app/core/Sub.java"), """
        package app.core;

        import java.util.concurrent.CompletableFuture;
        import org.await4j.Async;
        import static org.await4j.Await.await;

        class Sub extends Base {
          @Async @Override public String name() { return "sub" + await(CompletableFuture.completedFuture("")); }
        }
        """);
    ModuleBuild.write(dir.resolve("src/app/core/Plain.java"), """
        package app.core;

        class Plain extends Base {
          @Override public String name() { return "plain"; }
        }
        """);
    ModuleBuild.write(dir.resolve("src/app/other/Elsewhere.java"), """
        package app.other;

        import java.util.concurrent.CompletableFuture;
        import org.await4j.Async;
        import static org.await4j.Await.await;

        public class Elsewhere extends app.core.Base {
          @Async @Override public String name() { return "elsewhere" + await(CompletableFuture.completedFuture("")); }
        }
        """);
    ModuleBuild.write(dir.resolve("src/app/core/Main.java"), """
        package app.core;

        import java.util.ArrayList;
        import java.util.List;
        import org.await4j.EventLoop;

        public class Main {
          public static void main(String[] args) {
            List<String> names = new ArrayList<>();
            for (Base b : List.of(new Base(), new Sub(), new Plain(), new app.other.Elsewhere())) {
              names.add(EventLoop.run(() -> BaseAsync.name(b)) + "/" + BaseAsync.name(b).join());
            }
            System.out.println("NAMES " + names);
          }
        }
        """);
    ModuleBuild.Result built = ModuleBuild.compile(dir);
    assertWithMessage(built.output()).that(built.status()).isEqualTo(0);
    String launcher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String modulePath = dir.resolve("out") + File.pathSeparator + ModuleBuild.runtimeJar(dir);
    Process p = new ProcessBuilder(launcher, "--module-path", modulePath, "-m", "app/app.core.Main")
        .redirectErrorStream(true).start();
    boolean ended = p.waitFor(30, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly().waitFor();
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertWithMessage(out).that(ended).isTrue();
    assertThat(out).contains("NAMES [base/base, sub/sub, plain/plain, elsewhere/elsewhere]");
  }
}
