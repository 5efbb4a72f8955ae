package org.await4j.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A named module that exports the package of its @Async classes, built as a strict build builds
 * it ({@code -Xlint:all -Werror}, the runtime an automatic module): the generated classes that are
 * public there (the machines of exported methods) draw no warning of their own.
 */
class ExportedModuleTest {
  @Test
  void anExportedPackageCompilesWithoutWarnings(@TempDir Path dir) throws IOException {
    ModuleBuild.write(dir.resolve("src/module-info.java"),
        "module shop { requires transitive org.await4j; exports shop.api; }");
    ModuleBuild.write(dir.resolve("src/shop/api/Prices.java"), """
        package shop.api;

        import java.util.concurrent.CompletableFuture;
        import org.await4j.Async;
        import static org.await4j.Await.await;

        /** Prices. */
        public class Prices {
          /** Makes one. */
          public Prices() {}

          /** A price. @param id which @return the price */
          @Async public int price(int id) { return id + await(CompletableFuture.completedFuture(1)); }

          /** Two prices. @param id which @return their sum */
          @Async public int twice(int id) { return price(id) + price(id + 1); }
        }
        """);
    ModuleBuild.Result built = ModuleBuild.compile(dir, "-Xlint:all,-requires-transitive-automatic,"
        + "-requires-automatic,-processing", "-Werror");
    assertWithMessage(built.output()).that(built.status()).isEqualTo(0);
  }
}
