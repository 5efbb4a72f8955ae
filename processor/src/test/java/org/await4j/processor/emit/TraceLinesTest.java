package org.await4j.processor.emit;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.Test;

/** The generated-line to source-line map of a machine file. */
class TraceLinesTest {
  static final String SOURCE = String.join("\n",
      "class A {",                                  // 1
      "  @Async int f(int x) throws E {",          // 2
      "    int y = await(t);",                       // 3
      "    if (x > 0) {",                            // 4
      "      throw new E(\"bad \" + x);",            // 5
      "    }",                                       // 6
      "    return y;",                               // 7
      "  }",                                         // 8
      "}");

  static final String GENERATED = String.join("\n",
      "final class A_f {",                                        // 1
      "  protected void resume() {",                             // 2
      "        switch (state) {",                                // 3
      "          case 0: {",                                     // 4
      "            // line 3: int y = await(t);",                // 5
      "            if (suspend(t, 1)) {",                        // 6
      "              return;",                                   // 7
      "            }",                                           // 8
      "          }",                                             // 9
      "          case 1: {",                                     // 10
      "            // line 3: int y = await(t);",                // 11
      "            y = (int) awaited();",                        // 12
      "            // line 4: if (x > 0) {",                     // 13
      "            if (x > 0) {",                                // 14
      "              throw new E(\"bad \" + x);",                // 15
      "            }",                                           // 16
      "            // line 7: return y;",                        // 17
      "            complete(y);",                                // 18
      "          }",                                             // 19
      "  }",                                                     // 20
      "  void clearLocals() {",                                  // 21
      "    y = 0;",                                              // 22
      "  }",                                                     // 23
      "}");

  @Test
  void linesPrintedFromTheSourceFollowItAndTheLoweringsStayOnTheComment() {
    int[] map = TraceLines.map(GENERATED, SOURCE, 2, 2);
    assertThat(map[6]).isEqualTo(3); // the lowering of the await: its statement's line
    assertThat(map[7]).isEqualTo(3);
    assertThat(map[12]).isEqualTo(3);
    assertThat(map[14]).isEqualTo(4);
    assertThat(map[15]).isEqualTo(5); // the throw inside the copied if: its own line
    assertThat(map[16]).isEqualTo(6);
    assertThat(map[18]).isEqualTo(7);
    assertThat(map[2]).isEqualTo(0); // outside the states
    assertThat(map[22]).isEqualTo(0); // another member
  }

  @Test
  void aBodyPrintedWholeStartsAtItsOpeningBrace() {
    String source = String.join("\n",
        "class A {",                                 // 1
        "  @Async int g(int x) throws E {",         // 2
        "    if (x > 0) {",                           // 3
        "      throw new E(\"bad \" + x);",           // 4
        "    }",                                      // 5
        "    return x;",                              // 6
        "  }",                                        // 7
        "}");
    String generated = String.join("\n",
        "  static int fast(EventLoop loop$, int x) {", // 1
        "          case 0: {",                         // 2
        "            // continues the previous state", // 3
        "            {",                               // 4
        "              if (x > 0) {",                  // 5
        "                throw new E(\"bad \" + x);",  // 6
        "              }");                            // 7
    int[] map = TraceLines.map(generated, source, 2, 2);
    assertThat(map[2]).isEqualTo(0);
    assertThat(map[4]).isEqualTo(2);
    assertThat(map[5]).isEqualTo(3);
    assertThat(map[6]).isEqualTo(4);
    assertThat(map[7]).isEqualTo(5);
  }

  @Test
  void similarLinesAllowQualifiedNamesAndSelf() {
    assertThat(TraceLines.similar("self.total += Catalog.price(item);", "total += price(item);"))
        .isTrue();
    assertThat(TraceLines.similar("}", "}")).isTrue();
    assertThat(TraceLines.similar("if (suspend(awaiting, 1)) {", "return s + n;")).isFalse();
    assertThat(TraceLines.similar("return;", "return s + n;")).isFalse();
    // a second catch parameter e of the body is e_2 in the machine; made() wraps what it makes
    assertThat(TraceLines.similar("e_2 = AsyncMachine.made(new IllegalStateException(\"made\", e_2));",
        "e = new IllegalStateException(\"made\", e);")).isTrue();
  }

  @Test
  void theEncodingHasRunsOfBothKindsInPiecesAStringConstantHolds() {
    int[] map = new int[30000];
    for (int i = 1; i < map.length; i++) {
      map[i] = i % 7 == 0 ? 0 : i / 3 + 1;
    }
    java.util.List<String> pieces = TraceLines.encode(new int[] {0, 3, 4, 5, 0, 9, 9}, 0);
    assertThat(pieces).containsExactly("1:3:3:1;5:9:2:0;");
    for (String piece : TraceLines.encode(map, 0)) {
      assertThat(piece.length()).isAtMost(8000);
    }
  }
}
