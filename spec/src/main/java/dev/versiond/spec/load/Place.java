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
        String[] parts = path.split("/");
        for (String part : parts) {
            if (part.startsWith(".")) {
                return new Place(Kind.OTHER, "", "");
            }
        }
        boolean yaml = path.endsWith(".yaml") || path.endsWith(".yml");
        if (parts.length == 3 && parts[0].equals("components") && parts[2].equals("component.yaml")) {
            return new Place(Kind.COMPONENT, parts[1], "component");
        }
        if (parts.length == 4 && parts[0].equals("components") && parts[2].equals("migrations")
                && path.endsWith(".yaml")) {
            return new Place(Kind.MIGRATION, parts[1], stem(parts[3]));
        }
        if (parts.length == 2 && parts[0].equals("targets") && path.endsWith(".yaml")) {
            return new Place(Kind.TARGET, "", stem(parts[1]));
        }
        if (parts.length >= 3 && parts[0].equals("components") && parts[2].equals("templates")) {
            return new Place(Kind.OTHER, parts[1], "");
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
