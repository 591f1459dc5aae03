package qmap.config;

/** Parses and checks input shapes written like {@code 1x3x48x192}. */
final class Shapes {
    private Shapes() {
    }

    static int[] parse(Value v, String text, InputType type, Layout layout, String of) {
        String[] parts = text.split("x", -1);
        int[] dims = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            dims[i] = p.matches("\\d{1,9}") ? Integer.parseInt(p) : 0;
            if (dims[i] <= 0) {
                throw v.error("expected positive dims joined by 'x' (e.g. 1x3x224x224)" + of + ", found '" + text
                        + "'");
            }
        }
        if (type.isImage() && dims.length != 4) {
            throw v.error("expected 4 dims (" + layout + ", as " + type + " needs)" + of + ", found "
                    + dims.length + " in '" + text + "'");
        }
        if (type.isImage()) {
            int axis = layout == Layout.NCHW ? 1 : 3;
            if (dims[axis] != type.channels()) {
                throw v.error("expected " + type.channels() + " channels at dim " + axis + " (" + layout + ", as " + type
                        + " needs)" + of + ", found " + dims[axis] + " in '" + text + "'");
            }
        }
        return dims;
    }

    /** nv12 and yuv444 runtime inputs need even H and W (TARGETS.md §3). */
    static void requireEvenHeightWidth(Value v, int[] shape, Layout layout, InputType rt, String of) {
        int h = layout == Layout.NCHW ? shape[2] : shape[1];
        int w = layout == Layout.NCHW ? shape[3] : shape[2];
        if (h % 2 != 0 || w % 2 != 0) {
            throw v.error("expected even height and width for runtime type " + rt + of + ", found " + h + "x" + w);
        }
    }
}
