package qmap.target;

import java.util.Locale;
import qmap.QmapException;

/** Where a node runs: on the NPU, on the CPU, or nowhere (removed by folding or fusion). */
public enum Unit {
    NPU, CPU, FOLDED;

    /** The profile spelling: npu, cpu, fold. */
    public String profileName() {
        return this == FOLDED ? "fold" : name().toLowerCase(Locale.ROOT);
    }

    /** Parses a profile unit (npu, cpu, fold) or a config ON value (BPU, NPU, CPU). */
    public static Unit parse(String s, String where) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "npu", "bpu" -> NPU;
            case "cpu" -> CPU;
            case "fold", "folded" -> FOLDED;
            default -> throw new QmapException(where + ": unknown unit '" + s + "' (expected npu, cpu or fold)");
        };
    }
}
