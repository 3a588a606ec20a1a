package dev.versiond.spec.model;

import java.util.Locale;
import java.util.Optional;

/** A systemd unit action, as passed to {@code systemctl}. */
public enum ServiceAction {
    START, STOP, RESTART, RELOAD, ENABLE, DISABLE;

    /**
     * The action that undoes this one. {@code restart} and {@code reload} are their own inverse:
     * reversed after the files and links they picked up are restored, they make the unit pick up
     * the previous version again.
     */
    public ServiceAction inverse() {
        return switch (this) {
            case START -> STOP;
            case STOP -> START;
            case ENABLE -> DISABLE;
            case DISABLE -> ENABLE;
            case RESTART -> RESTART;
            case RELOAD -> RELOAD;
        };
    }

    /** Whether the inverse must run after the other inverses of its migration (see {@link #inverse()}). */
    public boolean reappliesOnReverse() {
        return this == RESTART || this == RELOAD;
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ServiceAction> fromWord(String word) {
        for (ServiceAction a : values()) {
            if (a.word().equals(word)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
