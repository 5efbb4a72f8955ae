package org.await4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;

/** The bytes a stream has accepted for writing and the connection has not taken yet. */
class OutBuffer {
  private ArrayDeque<ByteBuffer> chunks; // made on first use: most connections never buffer
  private long size;

  long size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Appends {@code chunk}, which this buffer owns from now on. */
  void appendOwned(ByteBuffer chunk) {
    if (chunk.hasRemaining()) {
      size += chunk.remaining();
      if (chunks == null) {
        chunks = new ArrayDeque<>(4);
      }
      chunks.add(chunk);
    }
  }

  /** Appends a copy of what {@code src} has remaining. */
  void appendCopy(ByteBuffer src) {
    ByteBuffer copy = ByteBuffer.allocate(src.remaining());
    copy.put(src).flip();
    appendOwned(copy);
  }

  /** Writes until empty or the channel takes no more; returns the bytes written. */
  long writeTo(WritableByteChannel channel) throws IOException {
    long total = 0;
    if (chunks == null) {
      return 0;
    }
    ByteBuffer head;
    while ((head = chunks.peek()) != null) {
      int n = channel.write(head);
      total += n;
      size -= n;
      if (head.hasRemaining()) {
        break; // the socket's buffer is full
      }
      chunks.poll();
    }
    return total;
  }

  /** Drops the last {@code n} bytes (never sent): the unsent rest of a cancelled write. */
  void dropTail(long n) {
    while (n > 0) {
      ByteBuffer tail = chunks.peekLast();
      int r = tail.remaining();
      if (r <= n) {
        chunks.pollLast();
        size -= r;
        n -= r;
      } else {
        tail.limit(tail.limit() - (int) n);
        size -= n;
        n = 0;
      }
    }
  }

  void clear() {
    if (chunks != null) {
      chunks.clear();
    }
    size = 0;
  }
}
