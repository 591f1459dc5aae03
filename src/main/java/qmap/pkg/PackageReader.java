package qmap.pkg;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import qmap.QmapException;
import qmap.io.Json;

/**
 * Opens a .qmap file and verifies it: the format version is one this qmap reads and every part
 * listed in the manifest is present with its SHA-256; extra or damaged parts are refused by name.
 */
public final class PackageReader {
    private PackageReader() {
    }

    public static QmapPackage read(Path file) {
        try {
            return read(Files.readAllBytes(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new QmapException("package not found: " + file);
        } catch (IOException e) {
            throw new QmapException("cannot read package " + file + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    public static QmapPackage read(byte[] bytes, String source) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new QmapException(source + " is not a valid .qmap package (ZIP read failed: " + e.getMessage() + ")");
        }
        byte[] manifestBytes = entries.remove("manifest.json");
        if (manifestBytes == null) {
            throw new QmapException(source + " is not a .qmap package: manifest.json is missing");
        }
        Object parsed = Json.parse(new String(manifestBytes, StandardCharsets.UTF_8), source + "!manifest.json");
        if (!(parsed instanceof Map<?, ?> m)) {
            throw new QmapException(source + "!manifest.json: expected a JSON object");
        }
        Map<String, Object> manifest = new LinkedHashMap<>((Map<String, Object>) m);
        Object version = manifest.get("format_version");
        if (!(version instanceof Number n) || n.intValue() != QmapPackage.FORMAT_VERSION) {
            throw new QmapException(source + ": package format version " + version + " is not supported (this qmap "
                    + "reads version " + QmapPackage.FORMAT_VERSION + ")");
        }
        Object hashesObj = manifest.remove("parts");
        if (!(hashesObj instanceof Map<?, ?> hashes)) {
            throw new QmapException(source + "!manifest.json: 'parts' with the SHA-256 of each part is missing");
        }
        Map<String, byte[]> parts = new LinkedHashMap<>();
        for (Map.Entry<?, ?> h : hashes.entrySet()) {
            String name = String.valueOf(h.getKey());
            byte[] data = entries.remove(name);
            if (data == null) {
                throw new QmapException(source + ": part '" + name + "' listed in the manifest is missing");
            }
            String actual = PackageWriter.sha256(data);
            if (!actual.equals(String.valueOf(h.getValue()))) {
                throw new QmapException(source + ": part '" + name + "' is damaged or was edited (SHA-256 " + actual
                        + ", manifest says " + h.getValue() + ")");
            }
            parts.put(name, data);
        }
        if (!entries.isEmpty()) {
            throw new QmapException(source + ": part '" + entries.keySet().iterator().next()
                    + "' is not listed in the manifest");
        }
        manifest.remove("format_version");
        manifest.remove("qmap_version");
        return new QmapPackage(manifest, parts);
    }
}
