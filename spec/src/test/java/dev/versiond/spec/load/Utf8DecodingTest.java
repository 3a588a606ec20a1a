package dev.versiond.spec.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Files are decoded as strict UTF-8: what a reporting decoder accepts, and nothing else. */
class Utf8DecodingTest {

    private static Optional<String> strict(byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return Optional.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static List<String> differences(List<byte[]> inputs) {
        List<String> differences = new ArrayList<>();
        for (byte[] bytes : inputs) {
            Problems problems = new Problems("f.yaml");
            Optional<String> decoded = YamlReader.decode(bytes, problems);
            Optional<String> expected = strict(bytes);
            if (!decoded.equals(expected) || problems.errorCount() != (expected.isEmpty() ? 1 : 0)) {
                differences.add(java.util.HexFormat.of().formatHex(bytes) + ": " + decoded + " instead of " + expected);
            }
        }
        return differences;
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    @Test
    void validTextMalformedBytesAndTheReplacementCharacterItselfDecodeAsTheStrictDecoderSays() {
        List<byte[]> inputs = List.of(
                "kind: Target\n".getBytes(StandardCharsets.UTF_8),
                "name: caf\u00e9 \u65e5\u672c \ud83d\ude00\n".getBytes(StandardCharsets.UTF_8),
                "\uFEFFkind: Target\n".getBytes(StandardCharsets.UTF_8),
                "\uFFFD is written out\n".getBytes(StandardCharsets.UTF_8),
                bytes(), bytes(0xE9), bytes('a', 0xC3), bytes(0xC0, 0x80), bytes(0xED, 0xA0, 0x80),
                bytes(0xF4, 0x90, 0x80, 0x80), bytes(0xF0, 0x9F, 0x98), bytes(0xFF), bytes(0x80, 'a'),
                bytes(0xEF, 0xBF, 0xBD, 0xE9), bytes(0xEF, 0xBB, 0xBF, 0xE9));

        assertThat(differences(inputs)).isEmpty();
    }

    @Test
    void randomBytesDecodeAsTheStrictDecoderSays() {
        Random random = new Random(7);
        int[] pool = {'a', 'k', ':', ' ', '\n', 0x80, 0xBF, 0xBD, 0xC3, 0xA9, 0xE2, 0xEF, 0xBB, 0xED, 0xA0, 0xF0,
            0x9F, 0xF4, 0x90, 0xFF};
        List<byte[]> inputs = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            byte[] b = new byte[random.nextInt(8)];
            for (int j = 0; j < b.length; j++) {
                b[j] = (byte) pool[random.nextInt(pool.length)];
            }
            inputs.add(b);
        }

        assertThat(differences(inputs)).isEmpty();
    }
}
