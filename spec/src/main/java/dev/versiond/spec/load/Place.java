package dev.versiond.spec.load;

import java.util.Optional;

/**
 * Where a file sits in the repository layout, which decides what it must contain.
 *
 * @param component the component folder name, for files under {@code components/<name>/}
 * @param stem the file name without {@code .yaml} (a migration's version, a target's name)
 */
record Place(Kind kind, String component, String stem) {

    enum Kind {
        /** {@code components/<name>/component.yaml} */
        COMPONENT("Component"),
        /** {@code components/<name>/migrations/<version>.yaml} */
        MIGRATION("Migration"),
        /** {@code targets/<name>.yaml} */
        TARGET("Target"),
        /** a YAML file anywhere else: not part of the desired state (a warning) */
        STRAY_YAML(""),
        /** anything else (templates, READMEs, schemas): not parsed */
        OTHER("");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        /** The {@code kind:} a file in this place must declare. */
        String word() {
            return word;
        }
    }

    static Place of(String path) {
        if (path.startsWith(".") || path.contains("/.")) {
            return new Place(Kind.OTHER, "", "");
        }
        boolean yaml = path.endsWith(".yaml") || path.endsWith(".yml");
        int first = path.indexOf('/');
        String top = first < 0 ? path : path.substring(0, first);
        if (top.equals("components") && first > 0) {
            int second = path.indexOf('/', first + 1);
            if (second > first + 1) {
                String component = path.substring(first + 1, second);
                String rest = path.substring(second + 1);
                if (rest.equals("component.yaml")) {
                    return new Place(Kind.COMPONENT, component, "component");
                }
                if (rest.startsWith("migrations/") && rest.indexOf('/', "migrations/".length()) < 0
                        && rest.endsWith(".yaml")) {
                    return new Place(Kind.MIGRATION, component, stem(rest.substring("migrations/".length())));
                }
                if (rest.startsWith("templates/")) {
                    return new Place(Kind.OTHER, component, "");
                }
            }
        } else if (top.equals("targets") && path.indexOf('/', first + 1) < 0 && path.endsWith(".yaml")) {
            return new Place(Kind.TARGET, "", stem(path.substring(first + 1)));
        }
        return new Place(yaml ? Kind.STRAY_YAML : Kind.OTHER, "", "");
    }

    private static String stem(String fileName) {
        return fileName.substring(0, fileName.length() - ".yaml".length());
    }

    /** Where a YAML file of this kind would go, for the "not part of the desired state" hint. */
    static Optional<String> hintFor(String path) {
        if (path.endsWith(".yml")) {
            return Optional.of("desired-state files end in .yaml, not .yml");
        }
        return Optional.of("desired-state files are components/<name>/component.yaml, "
                + "components/<name>/migrations/<version>.yaml and targets/<name>.yaml");
    }
}
