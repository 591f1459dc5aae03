package qmap.pkg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import qmap.QmapException;

class PackageTest {
    private static QmapPackage sample() {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put(QmapPackage.MODEL_PART, new byte[] {1, 2, 3, 4});
        parts.put("placement.json", "{\"nodes\": []}\n".getBytes(StandardCharsets.UTF_8));
        return new QmapPackage(Map.of("march", "bernoulli2"), parts);
    }

    @Test
    void roundTripsAndIsByteIdenticalWhenWrittenTwice() {
        byte[] a = PackageWriter.toBytes(sample());
        byte[] b = PackageWriter.toBytes(sample());
        assertArrayEquals(a, b);
        QmapPackage p = PackageReader.read(a, "x.qmap");
        assertEquals("bernoulli2", p.manifest().get("march"));
        assertArrayEquals(new byte[] {1, 2, 3, 4}, p.part(QmapPackage.MODEL_PART));
    }

    @Test
    void anEditedPartIsRefusedByName() throws Exception {
        Map<String, byte[]> entries = unzip(PackageWriter.toBytes(sample()));
        entries.put("placement.json", "{\"nodes\": [1]}\n".getBytes(StandardCharsets.UTF_8));
        QmapException e = assertThrows(QmapException.class, () -> PackageReader.read(zip(entries), "x.qmap"));
        assertTrue(e.getMessage().contains("part 'placement.json' is damaged or was edited"), e.getMessage());
    }

    @Test
    void aMissingOrExtraPartOrAnotherFormatVersionIsRefused() throws Exception {
        Map<String, byte[]> entries = unzip(PackageWriter.toBytes(sample()));
        Map<String, byte[]> missing = new LinkedHashMap<>(entries);
        missing.remove(QmapPackage.MODEL_PART);
        assertTrue(assertThrows(QmapException.class, () -> PackageReader.read(zip(missing), "x.qmap")).getMessage()
                .contains("'model.onnx' listed in the manifest is missing"));
        Map<String, byte[]> extra = new LinkedHashMap<>(entries);
        extra.put("evil.bin", new byte[] {9});
        assertTrue(assertThrows(QmapException.class, () -> PackageReader.read(zip(extra), "x.qmap")).getMessage()
                .contains("'evil.bin' is not listed"));
        Map<String, byte[]> future = new LinkedHashMap<>(entries);
        String manifest = new String(entries.get("manifest.json"), StandardCharsets.UTF_8)
                .replace("\"format_version\": 1", "\"format_version\": 99");
        future.put("manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
        assertTrue(assertThrows(QmapException.class, () -> PackageReader.read(zip(future), "x.qmap")).getMessage()
                .contains("format version 99 is not supported"));
        assertThrows(QmapException.class, () -> PackageReader.read(new byte[] {1, 2, 3}, "junk.qmap"));
    }

    private static Map<String, byte[]> unzip(byte[] bytes) throws Exception {
        Map<String, byte[]> m = new LinkedHashMap<>();
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            ZipEntry e;
            while ((e = z.getNextEntry()) != null) {
                m.put(e.getName(), z.readAllBytes());
            }
        }
        return m;
    }

    private static byte[] zip(Map<String, byte[]> entries) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
