package dev.versiond.spec.validate;

import java.util.Map;
import java.util.Optional;

/**
 * Secret references in a target's config values, {@code {secretFile: NAME}} and
 * {@code {secretEnv: NAME}}, and which names they may use. The loader checks the names so that
 * {@code validate} refuses what the agent would refuse when it resolves them; the agent applies the
 * same rule before it reads a file or the environment.
 */
public final class SecretNames {
    /** The key of a reference to a file in the agent's secrets directory. */
    public static final String FILE_KEY = "secretFile";
    /** The key of a reference to an environment variable of the agent. */
    public static final String ENV_KEY = "secretEnv";

    private SecretNames() {
    }

    /** Whether a config value is a secret reference: a map with exactly one key, secretFile or secretEnv. */
    public static boolean isReference(Object value) {
        return value instanceof Map<?, ?> m && m.size() == 1 && (m.containsKey(FILE_KEY) || m.containsKey(ENV_KEY));
    }

    /**
     * Whether a secretFile name is a plain file name: letters, digits, '.', '_', '-', starting with a
     * letter or digit. So no '/', no leading '.' (nor '..'), not empty, no NUL or other control character:
     * nothing outside the secrets directory can be named.
     */
    public static boolean isFileName(String name) {
        if (name.isEmpty() || !isLetterOrDigit(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isLetterOrDigit(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** Whether a secretEnv name is an environment variable name: letters, digits, '_', not starting with a digit. */
    public static boolean isEnvName(String name) {
        if (name.isEmpty() || name.charAt(0) >= '0' && name.charAt(0) <= '9') {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isLetterOrDigit(c) && c != '_') {
                return false;
            }
        }
        return true;
    }

    /** Why the name of a reference of this kind is refused, or empty when it is usable. */
    public static Optional<String> problem(String kind, String name) {
        if (FILE_KEY.equals(kind) && !isFileName(name)) {
            return Optional.of("a secretFile name is a plain file name in the agent's secrets directory (letters, "
                    + "digits, '.', '_', '-', starting with a letter or digit; no '/', no '..')");
        }
        if (ENV_KEY.equals(kind) && !isEnvName(name)) {
            return Optional.of("a secretEnv name is an environment variable name (letters, digits and '_', not "
                    + "starting with a digit)");
        }
        return Optional.empty();
    }

    private static boolean isLetterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }
}
