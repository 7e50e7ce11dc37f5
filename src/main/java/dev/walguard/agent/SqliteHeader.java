package dev.walguard.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The first 100 bytes of a SQLite database file (https://www.sqlite.org/fileformat.html, "The Database Header"):
 * the magic string {@code "SQLite format 3\0"}, then at offsets 18 and 19 the file format write and read versions,
 * 1 for the legacy rollback journal and 2 for WAL.
 */
public final class SqliteHeader {

    /** The header's size; nothing beyond it is ever read. */
    public static final int LENGTH = 100;

    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    /** What a header says. */
    public enum Journal {
        WAL,
        ROLLBACK,
        /** Not a SQLite database, or one whose version bytes are neither 1 nor 2. */
        NONE
    }

    private SqliteHeader() {}

    /** Classifies the first {@code length} bytes of a file. */
    public static Journal classify(byte[] header, int length) {
        if (length < LENGTH || !Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return Journal.NONE;
        }
        int write = header[18];
        int read = header[19];
        if (write == 2 && read == 2) {
            return Journal.WAL;
        }
        if (write == 1 && read == 1) {
            return Journal.ROLLBACK;
        }
        return Journal.NONE;
    }

    /** Reads at most the first 100 bytes of a regular file, read-only, without following a symbolic link. */
    public static Journal probe(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buffer = ByteBuffer.allocate(LENGTH);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // a short read on a network filesystem: keep reading up to 100 bytes
            }
            return classify(buffer.array(), buffer.position());
        }
    }
}
