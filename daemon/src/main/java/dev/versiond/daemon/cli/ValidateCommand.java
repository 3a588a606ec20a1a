package dev.versiond.daemon.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import dev.versiond.spec.diag.Diagnostic;
import dev.versiond.spec.load.LoadResult;
import dev.versiond.spec.load.SpecLoader;
import dev.versiond.spec.tree.DirectoryTree;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code versiond validate DIR}: lints a desired-state repository (for CI). Prints every
 * diagnostic as {@code path:line:col: error|warning: message} and a summary; exits 0 when there is
 * no error (warnings allowed), 1 when there is one, 64 on a usage error ({@link ExitCode}).
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a desired-state repository and print every problem with its file, line and column.",
                "Exits 0 when there is no error (warnings allowed), 1 when there is one."})
final class ValidateCommand implements Callable<Integer> {

    enum Format { text, json }

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The repository's root directory.")
    private Path directory;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private Format format;

    @Override
    public Integer call() {
        if (!Files.isDirectory(directory)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "DIR is not a directory: " + directory);
        }
        LoadResult result = new SpecLoader().load(DirectoryTree.of(directory));
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(json(result));
        } else {
            result.diagnostics().forEach(d -> out.println(d));
            long files = result.diagnostics().stream().map(d -> d.position().file()).distinct().count();
            out.println(result.errorCount() + " error(s), " + result.warningCount() + " warning(s) in " + files
                    + " file(s)" + result.state().map(s -> " (" + s.components().size() + " component(s), "
                    + s.targets().size() + " target(s) checked)").orElse(""));
        }
        out.flush();
        return (result.hasErrors() ? ExitCode.FAILED : ExitCode.OK).code();
    }

    private static String json(LoadResult result) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("valid", !result.hasErrors());
        root.put("errors", result.errorCount());
        root.put("warnings", result.warningCount());
        ArrayNode list = root.putArray("diagnostics");
        for (Diagnostic d : result.diagnostics()) {
            ObjectNode item = list.addObject();
            item.put("file", d.position().file());
            item.put("line", d.position().line());
            item.put("column", d.position().column());
            item.put("severity", d.severity().label());
            item.put("message", d.message());
        }
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new VersiondException(ErrorCode.INTERNAL, "cannot write JSON: " + e.getMessage(), e);
        }
    }
}
