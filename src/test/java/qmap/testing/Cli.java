package qmap.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import qmap.cli.Main;

/** Runs the qmap command line in-process as a user would, capturing exit code, stdout and stderr. */
public final class Cli {
    /** What one command did. */
    public record Outcome(int code, String out, String err) {
    }

    private Cli() {
    }

    public static Outcome qmap(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(code, out.toString(), err.toString());
    }
}
