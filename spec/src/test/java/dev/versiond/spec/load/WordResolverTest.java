package dev.versiond.spec.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/** The word lookup gives the stock YAML 1.1 resolver's tag for every scalar. */
class WordResolverTest {
    private static final Resolver STOCK = new Resolver();
    private static final WordResolver WORDS = new WordResolver();

    private static final List<String> SPELLINGS = List.of(
            // booleans, nulls and near misses
            "y", "Y", "n", "N", "yes", "Yes", "YES", "yEs", "no", "No", "NO", "nO", "true", "True", "TRUE", "tRUE",
            "false", "False", "FALSE", "on", "On", "ON", "oN", "off", "Off", "OFF", "oFF", "null", "Null", "NULL",
            "nULL", "nul", "nulls", "~", "", " ", "  ", "yes ", " yes", "yes\n", "true\n", "null\n", "none", "None",
            "nan", ".nan", ".NaN", ".NAN", ".inf", "-.inf", "+.Inf", ".INF", "inf", "-inf", "=", "<<", "<", "!", "&",
            "*", "!!str", "&a", "*a",
            // integers and floats of YAML 1.1
            "0", "-0", "+0", "12", "-12", "+12", "1_000", "0b1010", "-0b1", "0b_1", "0b2", "017", "0_17", "08",
            "0x1F", "0xg", "-0x_1f", "190:20:30", "-1:30", "1:60", "1.5", "1.", "-1.5e3", "1e3", "1E+3", ".5",
            "-.5", "+.5_0", "1_0.0_1", "190:20:30.15", "1.2.3", "1.7.0", "10.0.0-rc.1", "1.0.0+build.5", "5m",
            "30s", "2", "100", "0644", "0640", "644", "-1", "--1", "-", "+", "-a", "+a", "-xzf", "-C", "-rf",
            "--force", "-.", "-.5", "+.", "-9", "-_", "-Z",
            // timestamps
            "2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "2001-12-15T02:59:43.1Z",
            "2002-12-14", "2001-1-1 1:00:00", "2001-12-14X", "2001-13-45",
            // what a desired state is made of
            "kind", "Migration", "Component", "Target", "component", "svc-0167", "version", "up", "down", "id",
            "unpack", "run", "argv", "tar", "/var/cache/svc-0167/1.7.0.tgz", "/opt/svc-0167/releases",
            "templates/release.mustache", "restart", "reload", "svc-0167.service", "http://127.0.0.1:8080/healthz",
            "tcp://localhost:5432", "127.0.0.1:8080", ">=1.0.0", "^1.2", "~1.2", "{{ config.port }}", "Generated",
            "on-change", "onChange", "yes-please", "no_thanks", "offline", "ontology", "nullable", "t", "f", "o",
            "O", "é", "ünïcode", "日本", "_x", "$HOME", "%x", "@x", "`x", "'x", "\"x", "[x", "{x", "|x", ">x",
            "#x", ",x", "?x", ":x", "\u0000x", "\tx", "a b c", "a: b", "key with spaces");

    private final List<String> differences = new ArrayList<>();

    private void assertSame(String value) {
        for (boolean implicit : new boolean[] {true, false}) {
            for (NodeId kind : NodeId.values()) {
                Tag expected = STOCK.resolve(kind, value, implicit);
                Tag actual = WORDS.resolve(kind, value, implicit);
                if (!actual.equals(expected)) {
                    differences.add(kind + " '" + value + "' implicit=" + implicit + ": " + actual + " instead of "
                            + expected);
                }
            }
        }
    }

    @AfterEach
    void noScalarGotAnotherTag() {
        assertThat(differences).isEmpty();
    }

    @Test
    void everyYamlSpellingAndDesiredStateValueGetsTheStockTag() {
        SPELLINGS.forEach(this::assertSame);
    }

    @Test
    void everyCaseVariantOfTheWordsGetsTheStockTag() {
        List<String> words = new ArrayList<>(WordResolver.BOOLEANS);
        words.addAll(WordResolver.NULLS);
        for (String word : words) {
            String lower = word.toLowerCase(java.util.Locale.ROOT);
            for (int mask = 0; mask < 1 << lower.length(); mask++) {
                StringBuilder variant = new StringBuilder();
                for (int i = 0; i < lower.length(); i++) {
                    char c = lower.charAt(i);
                    variant.append((mask & 1 << i) != 0 ? Character.toUpperCase(c) : c);
                }
                assertSame(variant.toString());
                assertSame(variant + "x");
                assertSame(variant.substring(1));
                assertSame(variant.substring(0, variant.length() - 1));
            }
        }
    }

    @Test
    void everyStringOfOneOrTwoAsciiCharactersGetsTheStockTag() {
        for (char a = 0; a < 128; a++) {
            assertSame(String.valueOf(a));
            for (char b = 0; b < 128; b++) {
                assertSame("" + a + b);
            }
        }
    }

    @Test
    void randomStringsOfYamlCharactersGetTheStockTag() {
        String alphabet = "0123456789abefilnorstuxyzABEFILNORSTUXYZ.-+_:~<>!&* tT/@=";
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            int length = 1 + random.nextInt(12);
            StringBuilder s = new StringBuilder(length);
            for (int j = 0; j < length; j++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertSame(s.toString());
        }
    }
}
