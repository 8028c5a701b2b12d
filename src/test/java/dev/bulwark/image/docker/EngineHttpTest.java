package dev.bulwark.image.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EngineHttpTest {
  private static InputStream in(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static String body(String response) throws IOException {
    InputStream in = in(response);
    HttpResponseHead head = HttpResponseHead.read(in);
    return new String(EngineHttp.body(head, in).readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  @Nested
  class Head {
    @Test
    void readsStatusAndHeadersCaseInsensitively() throws IOException {
      HttpResponseHead head = HttpResponseHead.read(in(
          "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nX-Two: a\r\nx-two: b\r\n\r\nrest"));
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.reason()).isEqualTo("OK");
      assertThat(head.header("API-VERSION")).contains("1.41");
      assertThat(head.headers().get("x-two")).containsExactly("a", "b");
    }

    @Test
    void skipsInterimResponsesAndToleratesBareLineFeeds() throws IOException {
      HttpResponseHead head = HttpResponseHead.read(in("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 404 Not Found\nA: b\n\n"));
      assertThat(head.status()).isEqualTo(404);
      assertThat(head.header("a")).contains("b");
    }

    @Test
    void refusesMalformedAndOversizedHeads() {
      assertThatThrownBy(() -> HttpResponseHead.read(in("SSH-2.0-OpenSSH\r\n\r\n")))
          .isInstanceOf(ProtocolException.class).hasMessageContaining("status line");
      assertThatThrownBy(() -> HttpResponseHead.read(in("HTTP/1.1 200 OK\r\nno colon\r\n\r\n")))
          .isInstanceOf(ProtocolException.class).hasMessageContaining("header line");
      assertThatThrownBy(() -> HttpResponseHead.read(in("HTTP/1.1 200 OK\r\nA: " + "x".repeat(9000) + "\r\n\r\n")))
          .isInstanceOf(ProtocolException.class).hasMessageContaining("line longer");
      assertThatThrownBy(() -> HttpResponseHead.read(in("HTTP/1.1 200 OK\r\n" + "A: b\r\n".repeat(101) + "\r\n")))
          .isInstanceOf(ProtocolException.class).hasMessageContaining("more than 100");
      assertThatThrownBy(() -> HttpResponseHead.read(in("HTTP/1.1 200 OK\r\n" + ("A: " + "x".repeat(8000) + "\r\n").repeat(9))))
          .isInstanceOf(ProtocolException.class).hasMessageContaining("head longer");
      assertThatThrownBy(() -> HttpResponseHead.read(in("HTTP/1.1 200 OK\r\nA: b\r\n")))
          .isInstanceOf(EOFException.class);
    }
  }

  @Nested
  class Chunked {
    @Test
    void joinsChunksAndSkipsExtensionsAndTrailers() throws IOException {
      assertThat(body("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "4\r\nWiki\r\n5;name=value\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nTrailer: x\r\n\r\n"))
          .isEqualTo("Wikipedia in\r\n\r\nchunks.");
    }

    @Test
    void anEmptyBodyIsTheLastChunkAlone() throws IOException {
      assertThat(body("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")).isEmpty();
    }

    @Test
    void aConnectionClosedBeforeTheLastChunkIsTruncation() {
      assertThatThrownBy(() -> body("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n"))
          .isInstanceOf(EOFException.class);
      assertThatThrownBy(() -> body("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n9\r\nWiki"))
          .isInstanceOf(EOFException.class);
    }

    @Test
    void malformedFramingIsAProtocolError() {
      assertThatThrownBy(() -> body("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"))
          .isInstanceOf(ProtocolException.class).hasMessageContaining("chunk size");
      assertThatThrownBy(() -> body("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "fffffffffffffffff\r\n")).isInstanceOf(ProtocolException.class);
      assertThatThrownBy(() -> body("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n0\r\n\r\n"))
          .isInstanceOf(ProtocolException.class).hasMessageContaining("CRLF");
      assertThatThrownBy(() -> body("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n"))
          .isInstanceOf(ProtocolException.class).hasMessageContaining("transfer coding");
    }
  }

  @Nested
  class Framing {
    @Test
    void contentLengthBoundsTheBody() throws IOException {
      assertThat(body("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOKextra")).isEqualTo("OK");
      assertThatThrownBy(() -> body("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nOK"))
          .isInstanceOf(EOFException.class);
      assertThatThrownBy(() -> body("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"))
          .isInstanceOf(ProtocolException.class);
    }

    @Test
    void withoutFramingTheBodyRunsToTheEndAndNoContentHasNone() throws IOException {
      assertThat(body("HTTP/1.1 200 OK\r\n\r\nuntil close")).isEqualTo("until close");
      assertThat(body("HTTP/1.1 204 No Content\r\n\r\nignored")).isEmpty();
    }
  }
}
