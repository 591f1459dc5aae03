package qmap.pkg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import qmap.Version;
import qmap.io.AtomicFiles;
import qmap.io.Json;

/**
 * Writes a .qmap file: a ZIP whose first entry is manifest.json (format version, qmap version,
 * caller's fields, SHA-256 of every part), then the parts in order. Entry times are fixed, so
 * the same content gives the same bytes.
 */
public final class PackageWriter {
    /** 1980-01-01T00:00:00Z, the earliest time a ZIP entry can hold. */
    private static final long FIXED_TIME = 315532800000L;

    private PackageWriter() {
    }

    public static byte[] toBytes(QmapPackage p) {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format_version", QmapPackage.FORMAT_VERSION);
        manifest.put("qmap_version", Version.VERSION);
        manifest.putAll(p.manifest());
        Map<String, Object> hashes = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : p.parts().entrySet()) {
            hashes.put(e.getKey(), sha256(e.getValue()));
        }
        manifest.put("parts", hashes);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(6);
            put(zip, "manifest.json", Json.write(manifest).getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, byte[]> e : p.parts().entrySet()) {
                put(zip, e.getKey(), e.getValue());
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing a ZIP in memory failed", e);
        }
        return bytes.toByteArray();
    }

    public static void write(QmapPackage p, Path file) {
        AtomicFiles.write(file, toBytes(p));
    }

    private static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTime(FIXED_TIME);
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
