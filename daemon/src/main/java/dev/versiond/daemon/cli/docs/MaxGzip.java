package dev.versiond.daemon.cli.docs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * What {@code gzip -9n} writes, made with the JDK alone: no file name, no time stamp (so the package is
 * reproducible), and the header's "maximum compression" flag that Debian's lintian looks for on man pages
 * ({@link java.util.zip.GZIPOutputStream} leaves that flag at 0 whatever the level).
 */
public final class MaxGzip {
    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;
    private static final int DEFLATE = 8;
    private static final int XFL_MAXIMUM = 2;
    private static final int OS_UNIX = 3;

    private MaxGzip() {
    }

    public static byte[] compress(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {GZIP_MAGIC_1, (byte) GZIP_MAGIC_2, DEFLATE, 0, 0, 0, 0, 0, XFL_MAXIMUM, OS_UNIX});
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try (DeflaterOutputStream deflating = new DeflaterOutputStream(out, deflater) {
            @Override
            public void close() throws IOException {
                finish(); // leave `out` open for the trailer
            }
        }) {
            deflating.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        } finally {
            deflater.end();
        }
        CRC32 crc = new CRC32();
        crc.update(data);
        writeInt(out, (int) crc.getValue());
        writeInt(out, data.length);
        return out.toByteArray();
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        for (int i = 0; i < 4; i++) {
            out.write((value >>> (8 * i)) & 0xff);
        }
    }
}
