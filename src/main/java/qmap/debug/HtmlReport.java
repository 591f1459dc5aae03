package qmap.debug;

import java.nio.file.Path;

/** Placeholder. */
public final class HtmlReport {
    private HtmlReport() {
    }

    public static Path write(DebugReport r, Path dir) {
        return dir.resolve("index.html");
    }
}
