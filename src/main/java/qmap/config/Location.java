package qmap.config;

import java.util.Optional;
import org.snakeyaml.engine.v2.exceptions.Mark;

/** A place in a config file, printed as {@code file:line:column} (both 1-based). */
record Location(String file, int line, int column) {

    static Location of(String file, Optional<Mark> mark) {
        return mark.map(m -> new Location(file, m.getLine() + 1, m.getColumn() + 1))
                .orElse(new Location(file, 1, 1));
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
