package dev.versiond.daemon.execute;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OutputTailTest {

    @Test
    void keepsEverythingWhileUnderCapacity() {
        OutputTail tail = new OutputTail(16);
        write(tail, "hello ");
        write(tail, "world");

        assertThat(tail.toString()).isEqualTo("hello world");
        assertThat(tail.total()).isEqualTo(11);
    }

    @Test
    void keepsExactlyTheLastBytesWhateverTheChunkSizes() {
        Random random = new Random(42);
        for (int capacity : new int[] {1, 7, 64, 1000}) {
            OutputTail tail = new OutputTail(capacity);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int i = 0; i < 500; i++) {
                byte[] chunk = new byte[random.nextInt(3 * capacity + 1)];
                random.nextBytes(chunk);
                int offset = chunk.length == 0 ? 0 : random.nextInt(chunk.length);
                tail.write(chunk, offset, chunk.length - offset);
                all.write(chunk, offset, chunk.length - offset);
            }
            byte[] everything = all.toByteArray();
            byte[] expected = Arrays.copyOfRange(everything, Math.max(0, everything.length - capacity), everything.length);

            assertThat(tail.bytes()).as("capacity %d", capacity).isEqualTo(expected);
            assertThat(tail.total()).isEqualTo(everything.length);
        }
    }

    private static void write(OutputTail tail, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        tail.write(bytes, 0, bytes.length);
    }
}
