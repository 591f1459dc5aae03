package qmap.target;

import java.util.Map;

/**
 * The cost model's numbers for one target (see {@link CostModel}); every one carries its
 * source. {@code npuInt16Throughput} is null on targets without int16.
 */
public record CostConstants(CostConstant npuMacsPerSecond, CostConstant npuBytesPerSecond,
                            Map<OpClass, CostConstant> npuEfficiency, CostConstant npuInt16Throughput,
                            CostConstant cpuFlopsPerSecond, CostConstant cpuOpOverheadMs,
                            CostConstant boundarySwitchMs, CostConstant boundaryNsPerElement, String note) {

    public double efficiency(OpClass c) {
        return npuEfficiency.get(c).value();
    }
}
