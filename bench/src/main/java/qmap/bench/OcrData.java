package qmap.bench;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** An ocr-bench data folder: {@code labels.tsv} ({@code file<TAB>label}, UTF-8) and the PNG files it names. */
public final class OcrData {
    /** One labelled image. */
    public record Sample(String name, String label, BgrImage image) {
    }

    private OcrData() {
    }

    /** The first {@code limit} samples of the folder (all when limit is negative), in label-file order. */
    public static List<Sample> read(Path dir, int limit) {
        List<Sample> out = new ArrayList<>();
        for (String line : lines(dir.resolve("labels.tsv"))) {
            if (limit >= 0 && out.size() >= limit) {
                break;
            }
            if (line.isEmpty()) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab < 0) {
                throw new IllegalArgumentException(dir.resolve("labels.tsv") + ": line without a tab: " + line);
            }
            String name = line.substring(0, tab);
            out.add(new Sample(name, line.substring(tab + 1), readPng(dir.resolve(name))));
        }
        return out;
    }

    /** An 8-bit grey, RGB or RGBA PNG as BGR bytes (alpha dropped, grey replicated), like cv2.imread(IMREAD_COLOR). */
    public static BgrImage readPng(Path file) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read image", e);
        }
        if (img == null) {
            throw new IllegalArgumentException(file + ": not an image javax.imageio can read");
        }
        Raster r = img.getRaster();
        int bands = r.getNumBands();
        if (r.getSampleModel().getSampleSize(0) != 8 || img.getColorModel().hasAlpha() != (bands == 4 || bands == 2)
                || img.getColorModel().getNumColorComponents() != (bands >= 3 ? 3 : 1)) {
            throw new IllegalArgumentException(file + ": expected an 8-bit grey/RGB(A) PNG, got " + img);
        }
        int w = img.getWidth();
        int h = img.getHeight();
        int[] v = r.getPixels(0, 0, w, h, (int[]) null);
        byte[] bgr = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            int o = i * bands;
            if (bands >= 3) {
                bgr[3 * i] = (byte) v[o + 2];
                bgr[3 * i + 1] = (byte) v[o + 1];
                bgr[3 * i + 2] = (byte) v[o];
            } else {
                bgr[3 * i] = bgr[3 * i + 1] = bgr[3 * i + 2] = (byte) v[o];
            }
        }
        return new BgrImage(h, w, bgr);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read", e);
        }
    }
}
