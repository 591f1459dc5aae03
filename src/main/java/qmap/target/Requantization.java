package qmap.target;

/**
 * How an integer result is brought back to int8/int16: {@code fixed_point} (integer multiplier
 * of {@code multiplierBits} bits and a right shift) or {@code float} (a float multiplier, as ONNX
 * QLinearConv), with the rounding used ({@code half_away_from_zero}, {@code half_even}).
 */
public record Requantization(String kind, int multiplierBits, String rounding, String note) {
}
