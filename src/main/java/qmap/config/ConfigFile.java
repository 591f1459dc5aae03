package qmap.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads a config file into YAML nodes that keep their line and column. YAML 1.2 core schema:
 * {@code on}, {@code NO} and {@code 0755} are not booleans or octal numbers.
 */
final class ConfigFile {
    private ConfigFile() {
    }

    /** The top-level mapping of groups. */
    static YamlMap readRoot(Path file) {
        String label = file.toString();
        LoadSettings settings = LoadSettings.builder().setLabel(label).setSchema(new CoreSchema())
                .setUseMarks(true).build();
        Optional<Node> root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Compose(settings).composeReader(reader);
        } catch (NoSuchFileException e) {
            throw ConfigException.aboutFile(label, "config file not found", e);
        } catch (CharacterCodingException e) {
            throw ConfigException.aboutFile(label, "config file is not UTF-8 text", e);
        } catch (IOException e) {
            throw ConfigException.aboutFile(label, "cannot read config file: " + e.getMessage(), e);
        } catch (MarkedYamlEngineException e) {
            Location where = Location.of(label, e.getProblemMark());
            throw ConfigException.aboutFile(where.toString(), "not valid YAML: " + e.getProblem().trim(), e);
        } catch (YamlEngineException e) {
            throw ConfigException.aboutFile(label, "not valid YAML: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (root.isEmpty()) {
            throw ConfigException.aboutFile(label, "expected the groups model_parameters, input_parameters, "
                    + "calibration_parameters, found an empty file", null);
        }
        return YamlMap.root(root.get(), label);
    }
}
