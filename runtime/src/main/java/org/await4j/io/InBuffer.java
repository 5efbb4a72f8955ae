package org.await4j.io;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The bytes a stream has received and nobody has read yet. Holds no array while empty, so an idle
 * connection costs no buffer.
 */
class InBuffer {
  private static final byte[] EMPTY = new byte[0];
  private byte[] data;
  private int start;
  private int end;

  int available() {
    return end - start;
  }

  /** Appends what {@code src} has remaining. */
  void append(ByteBuffer src) {
    int n = src.remaining();
    if (data == null) {
      data = new byte[Math.max(n, 512)];
    } else if (end + n > data.length) {
      int size = end - start;
      if (size + n <= data.length) {
        System.arraycopy(data, start, data, 0, size); // room enough once compacted
      } else {
        data = Arrays.copyOfRange(data, start, start + Math.max(size + n, data.length * 2));
      }
      start = 0;
      end = size;
    }
    src.get(data, end, n);
    end += n;
  }

  /** Takes the first {@code n} bytes (at most what there is). */
  byte[] take(int n) {
    n = Math.min(n, end - start);
    if (n == 0) {
      return EMPTY;
    }
    byte[] out = Arrays.copyOfRange(data, start, start + n);
    start += n;
    if (start == end) {
      data = null; // nothing buffered: hold no array
      start = end = 0;
    }
    return out;
  }

  /** Puts {@code bytes} back in front, as if never taken (a read whose reader was cancelled). */
  void unread(byte[] bytes) {
    if (bytes.length == 0) {
      return;
    }
    if (data != null && start >= bytes.length) {
      start -= bytes.length;
      System.arraycopy(bytes, 0, data, start, bytes.length);
      return;
    }
    int size = end - start;
    byte[] joined = new byte[bytes.length + size + 512];
    System.arraycopy(bytes, 0, joined, 0, bytes.length);
    if (size > 0) {
      System.arraycopy(data, start, joined, bytes.length, size);
    }
    data = joined;
    start = 0;
    end = bytes.length + size;
  }

  /**
   * The offset from the first buffered byte just past the first {@code separator} that starts at
   * or after {@code from}, or -1.
   */
  int indexAfter(byte[] separator, int from) {
    int last = end - separator.length;
    outer:
    for (int i = start + Math.max(0, from); i <= last; i++) {
      for (int j = 0; j < separator.length; j++) {
        if (data[i + j] != separator[j]) {
          continue outer;
        }
      }
      return i - start + separator.length;
    }
    return -1;
  }
}
