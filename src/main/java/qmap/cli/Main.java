package qmap.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import qmap.QmapException;
import qmap.Version;

/** The {@code qmap} command: parses arguments, calls the library, formats results. */
@Command(name = "qmap", mixinStandardHelpOptions = true, version = "qmap " + Version.VERSION,
        description = "Quantize float ONNX models for edge NPUs and explain where accuracy goes.",
        subcommands = {BuildCommand.class, CheckCommand.class, PerfCommand.class, RunCommand.class, DebugCommand.class,
            ConformanceCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line and returns the exit code: 0 ok, 2 user error, 1 internal failure. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof QmapException q) {
                err.println("qmap: error: " + q.getMessage());
                if (verbose) {
                    q.printStackTrace(err);
                }
                return q.exitCode();
            }
            err.println("qmap: internal error: " + ex);
            if (verbose) {
                ex.printStackTrace(err);
            } else {
                err.println("(run with --verbose for the stack trace)");
            }
            return 1;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("qmap: error: " + ex.getMessage());
            err.println("(see 'qmap " + (ex.getCommandLine().getCommandName()) + " --help')");
            return QmapException.USER_ERROR;
        });
        return cl.execute(args);
    }
}
