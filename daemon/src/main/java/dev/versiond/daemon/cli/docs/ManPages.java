package dev.versiond.daemon.cli.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Man pages in roff, one per command ({@code versiond(1)}, {@code versiond-plan(1)}, ...), made from what
 * {@code --help} prints: the description, the synopsis, every option with its description and default, the
 * exit codes. (picocli-codegen's generator writes AsciiDoc, which needs Asciidoctor to become a man page;
 * roff is simple enough to write directly.)
 */
public final class ManPages {
    private ManPages() {
    }

    /** File name ({@code versiond-plan.1}) to roff text, for {@code root} and each of its visible subcommands. */
    public static Map<String, String> of(CommandLine root, String version) {
        Map<String, String> pages = new LinkedHashMap<>();
        CommandSpec spec = root.getCommandSpec();
        pages.put(spec.name() + ".1", page(spec, spec.name(), version, Completions.visible(spec).keySet()));
        Completions.visible(spec).forEach((name, sub) ->
                pages.put(spec.name() + "-" + name + ".1", page(sub, spec.name() + " " + name, version, List.of())));
        return pages;
    }

    /** Writes {@link #of} into {@code dir} as {@code NAME.1.gz} files (what {@code gzip -9n} makes); returns how many. */
    public static int write(CommandLine root, String version, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, String> pages = of(root, version);
        for (Map.Entry<String, String> page : pages.entrySet()) {
            Files.write(dir.resolve(page.getKey() + ".gz"), MaxGzip.compress(page.getValue().getBytes(StandardCharsets.UTF_8)));
        }
        return pages.size();
    }

    private static String page(CommandSpec command, String invocation, String version, Iterable<String> subcommands) {
        String title = invocation.replace(' ', '-');
        StringBuilder out = new StringBuilder();
        out.append(".\\\" Generated from the command definitions of ").append(escape(version)).append("; do not edit.\n");
        out.append(".TH ").append(title.toUpperCase(java.util.Locale.ROOT)).append(" 1 \"\" \"")
                .append(escape(version)).append("\" \"versiond manual\"\n");
        out.append(".SH NAME\n").append(escape(title)).append(" \\- ").append(escape(Completions.summary(command))).append('\n');
        out.append(".SH SYNOPSIS\n");
        String synopsis = new Help(command, Help.defaultColorScheme(Help.Ansi.OFF)).synopsis(0).strip();
        out.append(".nf\n").append(escape(synopsis.replaceAll("\\s*\\n\\s*", "\n  "))).append("\n.fi\n");
        out.append(".SH DESCRIPTION\n");
        for (String paragraph : command.usageMessage().description()) {
            out.append(".PP\n").append(escape(paragraph)).append('\n');
        }
        List<String> commands = new ArrayList<>();
        subcommands.forEach(commands::add);
        if (!commands.isEmpty()) {
            out.append(".SH COMMANDS\n");
            for (String name : commands) {
                CommandSpec sub = command.subcommands().get(name).getCommandSpec();
                out.append(".TP\n.B ").append(escape(name)).append('\n').append(escape(Completions.summary(sub)))
                        .append(". See \\fB").append(escape(title + "-" + name)).append("\\fR(1).\n");
            }
        }
        if (!command.positionalParameters().isEmpty()) {
            out.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : command.positionalParameters()) {
                out.append(".TP\n.I ").append(escape(p.paramLabel())).append('\n')
                        .append(escape(String.join(" ", p.description()))).append('\n');
            }
        }
        List<OptionSpec> options = Completions.options(command);
        if (!options.isEmpty()) {
            out.append(".SH OPTIONS\n");
            for (OptionSpec o : options) {
                out.append(".TP\n\\fB").append(escape(String.join("\\fR, \\fB", o.names()))).append("\\fR");
                if (o.arity().max() > 0) {
                    out.append(" \\fI").append(escape(o.paramLabel())).append("\\fR");
                }
                out.append('\n').append(escape(String.join(" ", o.description()))).append('\n');
            }
        }
        Map<String, String> exitCodes = command.usageMessage().exitCodeList();
        if (!exitCodes.isEmpty()) {
            out.append(".SH \"EXIT STATUS\"\n");
            exitCodes.forEach((code, meaning) ->
                    out.append(".TP\n.B ").append(escape(code.strip())).append('\n').append(escape(meaning.strip())).append('\n'));
        }
        out.append(".SH \"SEE ALSO\"\n");
        out.append(title.contains("-") ? "\\fBversiond\\fR(1)\n" : "The README and docs/ of the versiond source.\n");
        return out.toString();
    }

    /** Text made safe for roff: backslashes, hyphens (minus signs in option names), and a leading dot or quote. */
    static String escape(String text) {
        String escaped = text.replace("\\", "\\e").replace("-", "\\-");
        StringBuilder out = new StringBuilder();
        for (String line : escaped.split("\n", -1)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(line.startsWith(".") || line.startsWith("'") ? "\\&" + line : line);
        }
        return out.toString();
    }
}
