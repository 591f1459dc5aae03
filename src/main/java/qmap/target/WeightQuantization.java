package qmap.target;

/** Weight format: dtype, granularity (per_channel or per_tensor) and the symmetric integer range. */
public record WeightQuantization(String dtype, String granularity, int min, int max, String accumulator,
                                 String note) {
}
