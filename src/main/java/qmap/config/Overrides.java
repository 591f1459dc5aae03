package qmap.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Command-line settings that replace the config's ({@code --working-dir}, {@code --calibration-type},
 * {@code --march}). Values are as typed; {@link ConfigReader} validates them. A relative working dir
 * is relative to the current directory, as any command-line path.
 */
public record Overrides(Optional<Path> workingDir, Optional<String> calibrationType, Optional<String> march) {

    public static final Overrides NONE = new Overrides(Optional.empty(), Optional.empty(), Optional.empty());

    public Overrides withWorkingDir(Path dir) {
        return new Overrides(Optional.of(dir), calibrationType, march);
    }

    public Overrides withCalibrationType(String type) {
        return new Overrides(workingDir, Optional.of(type), march);
    }

    public Overrides withMarch(String m) {
        return new Overrides(workingDir, calibrationType, Optional.of(m));
    }
}
