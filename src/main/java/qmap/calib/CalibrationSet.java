package qmap.calib;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import qmap.QmapException;
import qmap.ir.DType;
import qmap.ir.Shapes;
import qmap.ir.Tensor;
import qmap.io.Npy;
import qmap.io.RawTensors;

/**
 * Calibration samples: one folder per input, files paired across inputs by sorted name. Each
 * file is one sample in the training format (type, layout, shape), before normalization: raw
 * little-endian values of the folder's data type, {@code .npy}, or, with preprocessing on, an
 * image (PNG, JPEG, BMP) decoded, resized bilinearly and converted. Samples load on demand and
 * come back as float32 tensors.
 */
public final class CalibrationSet implements SampleSource {
    /** What one input's folder holds: its files must have this training shape. */
    public record InputData(String input, Path dir, DType dtype, int[] shape, String typeTrain, String layoutTrain) {
    }

    private final List<InputData> inputs;
    private final List<List<Path>> files;
    private final boolean preprocessOn;

    private CalibrationSet(List<InputData> inputs, List<List<Path>> files, boolean preprocessOn) {
        this.inputs = inputs;
        this.files = files;
        this.preprocessOn = preprocessOn;
    }

    /** Lists the folders and checks they pair up; file contents are checked as they load. */
    public static CalibrationSet open(List<InputData> inputs, boolean preprocessOn) {
        List<List<Path>> files = new ArrayList<>();
        for (InputData in : inputs) {
            files.add(list(in.dir()));
        }
        for (int i = 1; i < inputs.size(); i++) {
            if (files.get(i).size() != files.get(0).size()) {
                throw new QmapException("calibration_parameters.cal_data_dir: " + inputs.get(0).dir() + " has "
                        + files.get(0).size() + " files but " + inputs.get(i).dir() + " has " + files.get(i).size()
                        + " (files are paired across inputs by sorted name, so the counts must match)");
            }
        }
        return new CalibrationSet(List.copyOf(inputs), files, preprocessOn);
    }

    private static List<Path> list(Path dir) {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !p.getFileName().toString().endsWith(".tsv") && !p.getFileName().toString().endsWith(".txt"))
                    .sorted().forEach(out::add);
        } catch (IOException e) {
            throw new QmapException("calibration_parameters.cal_data_dir: cannot list " + dir + ": " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new QmapException("calibration_parameters.cal_data_dir: " + dir + " holds no sample files");
        }
        return out;
    }

    @Override
    public int size() {
        return files.get(0).size();
    }

    public List<InputData> inputs() {
        return inputs;
    }

    /** The file names of sample i, one per input (for messages and logs). */
    public List<Path> files(int i) {
        List<Path> f = new ArrayList<>();
        for (List<Path> l : files) {
            f.add(l.get(i));
        }
        return f;
    }

    /** Sample i: one float32 tensor per input, in the training layout, by input name. */
    @Override
    public Map<String, Tensor> sample(int i) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int k = 0; k < inputs.size(); k++) {
            InputData in = inputs.get(k);
            Path f = files.get(k).get(i);
            Tensor t = load(in, f);
            checkFinite(t, f);
            m.put(in.input(), t);
        }
        return m;
    }

    private Tensor load(InputData in, Path f) {
        String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
        Tensor t;
        if (name.endsWith(".npy")) {
            t = Npy.read(f);
            if (!java.util.Arrays.equals(t.shape(), in.shape()) && Shapes.size(t.shape()) != Shapes.size(in.shape())) {
                throw new QmapException(f + ": shape " + Shapes.format(t.shape()) + ", expected "
                        + Shapes.format(in.shape()) + " (input '" + in.input() + "', training layout)");
            }
            if (t.dtype() != in.dtype()) {
                throw new QmapException(f + ": dtype " + t.dtype().onnxName() + ", expected " + in.dtype().onnxName()
                        + " (calibration_parameters.cal_data_type)");
            }
            t = t.reshape(in.shape());
        } else if (preprocessOn && (name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg")
                || name.endsWith(".bmp"))) {
            t = ImageSample.decode(f, in);
        } else {
            t = RawTensors.read(f, in.dtype(), in.shape());
        }
        return Tensor.ofFloats(t.shape(), t.toFloats().clone());
    }

    private static void checkFinite(Tensor t, Path f) {
        float[] v = t.floats();
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new QmapException(f + ": element " + i + " is " + v[i] + " (calibration data must be finite)");
            }
        }
    }

    /** Image files decoded with ImageIO, resized bilinearly and laid out as the training format. */
    static final class ImageSample {
        private ImageSample() {
        }

        static Tensor decode(Path f, InputData in) {
            BufferedImage img;
            try {
                img = ImageIO.read(f.toFile());
            } catch (IOException e) {
                throw new QmapException(f + ": cannot decode image: " + e.getMessage());
            }
            if (img == null) {
                throw new QmapException(f + ": not a PNG, JPEG or BMP image ImageIO can read");
            }
            boolean nchw = in.layoutTrain().equals("NCHW");
            int[] s = in.shape();
            int c = nchw ? s[1] : s[3];
            int h = nchw ? s[2] : s[1];
            int w = nchw ? s[3] : s[2];
            float[] out = new float[c * h * w];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float[] rgb = bilinear(img, (x + 0.5) * img.getWidth() / w - 0.5, (y + 0.5) * img.getHeight() / h - 0.5);
                    for (int ch = 0; ch < c; ch++) {
                        float v = switch (in.typeTrain()) {
                            case "bgr" -> rgb[2 - ch];
                            case "gray" -> 0.299f * rgb[0] + 0.587f * rgb[1] + 0.114f * rgb[2];
                            default -> rgb[ch];
                        };
                        v = Math.round(Math.max(0, Math.min(255, v)));
                        out[nchw ? (ch * h + y) * w + x : (y * w + x) * c + ch] = v;
                    }
                }
            }
            return Tensor.ofFloats(s, out);
        }

        private static float[] bilinear(BufferedImage img, double fx, double fy) {
            int x0 = (int) Math.floor(fx);
            int y0 = (int) Math.floor(fy);
            double ax = fx - x0;
            double ay = fy - y0;
            float[] out = new float[3];
            for (int k = 0; k < 4; k++) {
                int xi = clamp(x0 + (k & 1), img.getWidth());
                int yi = clamp(y0 + (k >> 1), img.getHeight());
                double wgt = ((k & 1) == 1 ? ax : 1 - ax) * ((k >> 1) == 1 ? ay : 1 - ay);
                int p = img.getRGB(xi, yi);
                out[0] += (float) (wgt * ((p >> 16) & 0xFF));
                out[1] += (float) (wgt * ((p >> 8) & 0xFF));
                out[2] += (float) (wgt * (p & 0xFF));
            }
            return out;
        }

        private static int clamp(int v, int n) {
            return Math.max(0, Math.min(n - 1, v));
        }
    }
}
