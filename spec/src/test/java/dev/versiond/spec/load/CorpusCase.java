package dev.versiond.spec.load;

import dev.versiond.spec.model.Position;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One case of the bad-input corpus ({@code src/test/resources/corpus/<name>/}): a desired-state
 * repository derived from the valid baseline with one defect, its {@code expect.txt}, and an optional
 * {@code setup.txt} for what cannot live in Git (symbolic links, files larger than 1 MiB).
 *
 * <p>{@code expect.txt}: one diagnostic per line, {@code path:line:col: error|warning: fragment}; the
 * fragment is a case-insensitive substring of the message, and {@code " && "} separates several
 * fragments that must all occur. {@code setup.txt}: {@code link PATH -> TARGET} creates a symbolic
 * link, {@code pad PATH BYTES} appends YAML comment lines until the file is larger than BYTES,
 * {@code copy PATH -> NEW-PATH} copies a file to a name Git would rather not hold ({@code \n} in
 * NEW-PATH is a newline). Files in expect.txt are written as diagnostics print them, escaped.
 */
record CorpusCase(String name, Path directory, List<Expected> expected, List<String> setup) {

    private static final Pattern LINE = Pattern.compile("^(.+?):(\\d+):(\\d+): (error|warning): (.+)$");

    /** One expected diagnostic. */
    record Expected(String severity, String file, int line, int column, List<String> fragments) {

        boolean matches(String actualSeverity, String actualFile, int actualLine, int actualColumn, String message) {
            String lower = message.toLowerCase(java.util.Locale.ROOT);
            // expect.txt holds files as diagnostics print them: control characters escaped.
            return severity.equals(actualSeverity) && file.equals(Position.printable(actualFile)) && line == actualLine
                    && column == actualColumn
                    && fragments.stream().allMatch(f -> lower.contains(f.toLowerCase(java.util.Locale.ROOT)));
        }

        @Override
        public String toString() {
            return file + ":" + line + ":" + column + ": " + severity + ": " + String.join(" && ", fragments);
        }
    }

    static Path resource(String name) {
        URL url = CorpusCase.class.getResource("/" + name);
        if (url == null) {
            throw new IllegalStateException("test resource /" + name + " is missing");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The valid repository every case is derived from. */
    static Path baseline() {
        return resource("baseline");
    }

    static List<CorpusCase> all() {
        try (Stream<Path> dirs = Files.list(resource("corpus"))) {
            return dirs.filter(Files::isDirectory).sorted().map(CorpusCase::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CorpusCase read(Path directory) {
        try {
            List<Expected> expected = new ArrayList<>();
            for (String line : Files.readAllLines(directory.resolve("expect.txt"), StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                Matcher m = LINE.matcher(line.strip());
                if (!m.matches()) {
                    throw new IllegalStateException(directory + "/expect.txt: cannot read line: " + line);
                }
                expected.add(new Expected(m.group(4), m.group(1), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)), List.of(m.group(5).strip().split("\\s+&&\\s+"))));
            }
            Path setupFile = directory.resolve("setup.txt");
            List<String> setup = Files.exists(setupFile)
                    ? Files.readAllLines(setupFile, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList()
                    : List.of();
            return new CorpusCase(directory.getFileName().toString(), directory, expected, setup);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean expectsErrors() {
        return expected.stream().anyMatch(e -> e.severity().equals("error"));
    }

    boolean listsWarnings() {
        return expected.stream().anyMatch(e -> e.severity().equals("warning"));
    }

    /**
     * The repository to load: the case directory itself, or a copy of it in {@code scratch} with
     * {@code setup.txt} applied.
     */
    Path materialise(Path scratch) throws IOException {
        if (setup.isEmpty()) {
            return directory;
        }
        Path copy = scratch.resolve(name);
        copyTree(directory, copy);
        for (String instruction : setup) {
            String[] words = instruction.strip().split("\\s+");
            switch (words[0]) {
                case "link" -> {
                    if (words.length != 4 || !words[2].equals("->")) {
                        throw new IllegalStateException(name + "/setup.txt: expected 'link PATH -> TARGET': " + instruction);
                    }
                    Path link = copy.resolve(words[1]);
                    Files.createDirectories(link.getParent());
                    Files.createSymbolicLink(link, Path.of(words[3]));
                }
                case "pad" -> pad(copy.resolve(words[1]), Long.parseLong(words[2]));
                case "copy" -> {
                    if (words.length != 4 || !words[2].equals("->")) {
                        throw new IllegalStateException(name + "/setup.txt: expected 'copy PATH -> NEW-PATH': " + instruction);
                    }
                    Path target = copy.resolve(words[3].replace("\\n", "\n"));
                    Files.createDirectories(target.getParent());
                    Files.copy(copy.resolve(words[1]), target);
                }
                default -> throw new IllegalStateException(name + "/setup.txt: unknown instruction: " + instruction);
            }
        }
        return copy;
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    /** Appends YAML comment lines (harmless content) until the file is larger than {@code bytes}. */
    static void pad(Path file, long bytes) throws IOException {
        String line = "# " + "padding ".repeat(12) + "\n";
        long size = Files.size(file);
        StringBuilder padding = new StringBuilder();
        while (size + padding.length() <= bytes) {
            padding.append(line);
        }
        Files.writeString(file, padding, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    }

    @Override
    public String toString() {
        return name;
    }
}
