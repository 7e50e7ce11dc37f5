package dev.walguard.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bytes 18 and 19 of the 100-byte header after the magic string. */
class SqliteHeaderTest {

    private static byte[] header(String magic, int write, int read) {
        byte[] bytes = new byte[100];
        byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(m, 0, bytes, 0, m.length);
        bytes[18] = (byte) write;
        bytes[19] = (byte) read;
        return bytes;
    }

    @ParameterizedTest(name = "magic {0}, versions {1}/{2}, {3} bytes read: {4}")
    @CsvSource({
        "'SQLite format 3\u0000', 2, 2, 100, WAL",
        "'SQLite format 3\u0000', 1, 1, 100, ROLLBACK",
        "'SQLite format 3\u0000', 2, 1, 100, NONE",
        "'SQLite format 3\u0000', 3, 3, 100, NONE",
        "'SQLite format 3\u0000', 2, 2, 99, NONE",
        "'SQLite format 3 ', 2, 2, 100, NONE",
        "'GIF89a', 2, 2, 100, NONE"
    })
    void classifiesTheHeader(String magic, int write, int read, int length, SqliteHeader.Journal journal) {
        assertThat(SqliteHeader.classify(header(magic, write, read), length)).isEqualTo(journal);
    }
}
