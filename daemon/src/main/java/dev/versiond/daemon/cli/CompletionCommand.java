package dev.versiond.daemon.cli;

import dev.versiond.daemon.cli.docs.Completions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code versiond completion bash|zsh|fish}: the shell completion script, made from the command definitions. */
@Command(name = "completion", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = {"Print the shell completion script for bash, zsh or fish.",
                "bash: source <(versiond completion bash); zsh: versiond completion zsh > \"${fpath[1]}/_versiond\"; "
                        + "fish: versiond completion fish > ~/.config/fish/completions/versiond.fish. "
                        + "The Debian package installs all three."})
final class CompletionCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash, zsh or fish.")
    private Completions.Shell shell;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(Completions.script(shell, spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return ExitCode.OK.code();
    }
}
