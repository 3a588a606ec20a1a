package dev.versiond.spec.template;

import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;

/** A template could not be compiled or rendered; names the template and the line. */
public class TemplateException extends VersiondException {
    private final String path;
    private final int line;

    public TemplateException(String path, int line, String message, Throwable cause) {
        super(ErrorCode.SPEC_INVALID, path + ":" + Math.max(line, 1) + ":1: " + message, cause);
        this.path = path;
        this.line = Math.max(line, 1);
    }

    public String path() {
        return path;
    }

    public int line() {
        return line;
    }
}
