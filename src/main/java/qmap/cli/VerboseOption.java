package qmap.cli;

import picocli.CommandLine.Option;

/** --verbose, on every command: stack traces for internal errors (Main reads it before parsing). */
final class VerboseOption {
    @Option(names = "--verbose", description = "stack traces for internal errors")
    boolean verbose;
}
