package dev.versiond.daemon.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A file the page loads beside its HTML (its style sheet, its script), read from the jar once.
 *
 * @param path where it is served, e.g. {@code /assets/status.css}
 */
public record Asset(String path, String contentType, byte[] body) {
    public Asset {
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    static Asset of(String name, String contentType) {
        try (InputStream in = Asset.class.getResourceAsStream("assets/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no asset " + name + " in the jar");
            }
            return new Asset("/assets/" + name, contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read asset " + name, e);
        }
    }
}
