package dev.versiond.daemon.cli.docs;

import java.util.List;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Shell completion scripts for {@code versiond}, made from the command tree. Bash comes from picocli's
 * {@link AutoComplete}; zsh and fish are written here from the same spec: subcommands with their first line
 * of description, then each subcommand's options (those taking a value complete file names, the others
 * nothing).
 */
public final class Completions {
    /** The shells there is a script for. */
    public enum Shell { bash, zsh, fish }

    private Completions() {
    }

    /** The completion script of {@code root} (the {@code versiond} command line) for {@code shell}. */
    public static String script(Shell shell, CommandLine root) {
        return switch (shell) {
            // Sourced, not run: a completion file has no #! line (bash-completion loads it with `.`).
            case bash -> AutoComplete.bash(root.getCommandName(), root).replaceFirst("\\A#![^\n]*\n", "");
            case zsh -> zsh(root.getCommandSpec());
            case fish -> fish(root.getCommandSpec());
        };
    }

    private static String zsh(CommandSpec root) {
        String name = root.name();
        StringBuilder out = new StringBuilder();
        out.append("#compdef ").append(name).append("\n\n");
        out.append("# Completion for ").append(name).append(", generated from its command definitions.\n");
        out.append('_').append(name).append("() {\n");
        out.append("  local -a commands\n  commands=(\n");
        for (Map.Entry<String, CommandSpec> e : visible(root).entrySet()) {
            out.append("    '").append(e.getKey()).append(':').append(quotedForZsh(summary(e.getValue()))).append("'\n");
        }
        out.append("  )\n");
        out.append("  if (( CURRENT == 2 )); then\n");
        out.append("    _describe -t commands 'command' commands\n");
        out.append("    _arguments ").append(zshOptions(root)).append('\n');
        out.append("    return\n  fi\n");
        out.append("  local cmd=$words[2]\n  shift words\n  (( CURRENT-- ))\n");
        out.append("  case $cmd in\n");
        for (Map.Entry<String, CommandSpec> e : visible(root).entrySet()) {
            out.append("    ").append(e.getKey()).append(") _arguments ").append(zshOptions(e.getValue()))
                    .append(" '*:file:_files' ;;\n");
        }
        out.append("  esac\n}\n\n");
        out.append('_').append(name).append(" \"$@\"\n");
        return out.toString();
    }

    private static String zshOptions(CommandSpec command) {
        StringBuilder out = new StringBuilder();
        for (OptionSpec option : options(command)) {
            for (String n : option.names()) {
                out.append(" '").append(n).append('[').append(quotedForZsh(summary(option))).append(']');
                if (option.arity().max() > 0) {
                    out.append(':').append(quotedForZsh(option.paramLabel())).append(":_files");
                }
                out.append('\'');
            }
        }
        return out.toString().trim();
    }

    private static String fish(CommandSpec root) {
        String name = root.name();
        StringBuilder out = new StringBuilder();
        out.append("# Completion for ").append(name).append(", generated from its command definitions.\n");
        out.append("complete -c ").append(name).append(" -f\n");
        for (OptionSpec option : options(root)) {
            out.append("complete -c ").append(name).append(" -n __fish_use_subcommand").append(fishOption(option)).append('\n');
        }
        for (Map.Entry<String, CommandSpec> e : visible(root).entrySet()) {
            out.append("complete -c ").append(name).append(" -n __fish_use_subcommand -a ").append(e.getKey())
                    .append(" -d ").append(quotedForFish(summary(e.getValue()))).append('\n');
        }
        for (Map.Entry<String, CommandSpec> e : visible(root).entrySet()) {
            for (OptionSpec option : options(e.getValue())) {
                out.append("complete -c ").append(name).append(" -n '__fish_seen_subcommand_from ").append(e.getKey())
                        .append('\'').append(fishOption(option)).append('\n');
            }
        }
        return out.toString();
    }

    private static String fishOption(OptionSpec option) {
        StringBuilder out = new StringBuilder();
        for (String n : option.names()) {
            out.append(n.startsWith("--") ? " -l " + n.substring(2) : " -s " + n.substring(1));
        }
        if (option.arity().max() > 0) {
            out.append(" -r -F");
        }
        return out.append(" -d ").append(quotedForFish(summary(option))).toString();
    }

    /** The subcommands a user would type, by name, without the hidden ones and without aliases twice. */
    static Map<String, CommandSpec> visible(CommandSpec command) {
        Map<String, CommandSpec> visible = new java.util.TreeMap<>();
        command.subcommands().forEach((n, sub) -> {
            if (!sub.getCommandSpec().usageMessage().hidden() && n.equals(sub.getCommandName())) {
                visible.put(n, sub.getCommandSpec());
            }
        });
        return visible;
    }

    static List<OptionSpec> options(CommandSpec command) {
        return command.options().stream().filter(o -> !o.hidden()).toList();
    }

    /** The first sentence of a command's or option's description, on one line. */
    static String summary(CommandSpec command) {
        String[] d = command.usageMessage().description();
        return firstSentence(d.length == 0 ? "" : d[0]);
    }

    static String summary(OptionSpec option) {
        String[] d = option.description();
        return firstSentence(d.length == 0 ? "" : d[0]);
    }

    private static String firstSentence(String text) {
        String line = text.replaceAll("\\s+", " ").trim();
        int end = line.indexOf(". ");
        line = end > 0 ? line.substring(0, end) : line;
        return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
    }

    private static String quotedForZsh(String text) {
        // Inside '...' of an _arguments spec: no quote, and brackets and colons would end the field.
        return text.replace("'", "").replace("[", "(").replace("]", ")").replace(":", " -");
    }

    private static String quotedForFish(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
