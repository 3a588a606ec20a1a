package dev.versiond.daemon;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;

/**
 * What an I/O failure says, with the operating system's reason. The JDK leaves the reason out of
 * the message of its most common file errors: {@code AccessDeniedException} reads only
 * "/var/lib/versiond/lock", without "Permission denied". Every place that wraps an
 * {@link IOException} into a message uses {@link #of} instead of {@code getMessage()}.
 */
public final class IoReason {
    private IoReason() {
    }

    /** {@code /var/lib/versiond/lock: Permission denied}; the plain message for other I/O errors. */
    public static String of(IOException e) {
        if (e instanceof FileSystemException fs) {
            StringBuilder text = new StringBuilder();
            if (fs.getFile() != null) {
                text.append(fs.getFile());
            }
            if (fs.getOtherFile() != null) {
                text.append(" -> ").append(fs.getOtherFile());
            }
            String reason = fs.getReason() != null ? fs.getReason() : reason(fs);
            return text.isEmpty() ? reason : text.append(": ").append(reason).toString();
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** The strerror(3) text of the errors the JDK reports by exception type alone. */
    private static String reason(FileSystemException e) {
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        } else if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        } else if (e instanceof FileAlreadyExistsException) {
            return "File exists";
        } else if (e instanceof NotDirectoryException) {
            return "Not a directory";
        } else if (e instanceof DirectoryNotEmptyException) {
            return "Directory not empty";
        } else if (e instanceof NotLinkException) {
            return "Not a symbolic link";
        } else if (e instanceof FileSystemLoopException) {
            return "Too many levels of symbolic links";
        }
        return e.getClass().getSimpleName();
    }
}
