package dev.versiond.daemon.plan;

import java.util.Objects;

/** What is at a host path, as observed before planning. */
public sealed interface HostObject {

    /** A short description for drift reports. */
    String describe();

    /** Nothing is there. */
    record Absent() implements HostObject {
        public String describe() {
            return "absent";
        }
    }

    /** A regular file with its content hash ({@code sha256:<hex>}) and POSIX mode. */
    record RegularFile(String sha256, int mode) implements HostObject {
        public RegularFile {
            Objects.requireNonNull(sha256, "sha256");
        }

        /** The form recorded in {@code managed.expected}. */
        public String fingerprint() {
            return sha256 + ":" + String.format("%04o", mode);
        }

        public String describe() {
            return "file " + fingerprint();
        }
    }

    /** A symbolic link and its target as written. */
    record Symlink(String target) implements HostObject {
        public Symlink {
            Objects.requireNonNull(target, "target");
        }

        public String describe() {
            return "link -> " + target;
        }
    }

    /** Something else (a directory, a device). */
    record Other(String what) implements HostObject {
        public String describe() {
            return what;
        }
    }
}
