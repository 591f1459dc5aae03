package qmap.quant.integer;

import qmap.ir.Attribute;
import qmap.ir.Node;
import qmap.target.Requantization;

/**
 * How a target brings an integer result back to int8/int16, as carried on every integer node:
 * {@link Kind#FLOAT} multiplies in float32 and rounds half to even (ONNX Runtime's
 * MlasRequantizeOutput, the generic-int8 target); {@link Kind#FIXED_POINT} multiplies by an
 * integer of {@code multiplierBits - 1} fractional bits and shifts right once with the target's
 * rounding (the modelled BPUs).
 */
public record RequantMode(Kind kind, int multiplierBits, boolean halfAwayFromZero) {
    public enum Kind { FLOAT, FIXED_POINT }

    public static final RequantMode ORT_FLOAT = new RequantMode(Kind.FLOAT, 0, false);

    public RequantMode {
        if (kind == Kind.FIXED_POINT && (multiplierBits < 2 || multiplierBits > 32)) {
            throw new IllegalArgumentException("fixed-point multipliers need 2..32 bits, got " + multiplierBits);
        }
    }

    /** The mode a target profile describes ({@code fixed_point}, else float). */
    public static RequantMode of(Requantization r) {
        boolean away = "half_away_from_zero".equals(r.rounding());
        if ("fixed_point".equals(r.kind())) {
            return new RequantMode(Kind.FIXED_POINT, r.multiplierBits() > 0 ? r.multiplierBits() : 32, away);
        }
        return new RequantMode(Kind.FLOAT, 0, away);
    }

    /** Fixed point at the same rounding: the comparison figure for a float-multiplier target. */
    public static RequantMode fixedPoint(int bits, boolean halfAwayFromZero) {
        return new RequantMode(Kind.FIXED_POINT, bits, halfAwayFromZero);
    }

    public static RequantMode of(Node node) {
        Kind k = node.attrString("requant", "float").equals("fixed_point") ? Kind.FIXED_POINT : Kind.FLOAT;
        return new RequantMode(k, (int) node.attrInt("multiplier_bits", 0),
                node.attrString("rounding", "half_even").equals("half_away_from_zero"));
    }

    public Node.Builder write(Node.Builder b) {
        return b.attr("requant", Attribute.ofString(kind == Kind.FIXED_POINT ? "fixed_point" : "float"))
                .attr("multiplier_bits", Attribute.ofInt(multiplierBits))
                .attr("rounding", Attribute.ofString(halfAwayFromZero ? "half_away_from_zero" : "half_even"));
    }

    /** Rounds a real value to an integer with this mode's rounding. */
    public double round(double v) {
        if (!halfAwayFromZero) {
            return Math.rint(v);
        }
        return Math.signum(v) * Math.floor(Math.abs(v) + 0.5);
    }
}
