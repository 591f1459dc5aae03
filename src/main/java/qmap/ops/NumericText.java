package qmap.ops;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text forms of numbers that Cast writes and reads, as ONNX Runtime spells them: floats as
 * C's {@code "%.8g"} with "NaN", "INF" and "-INF"; strings parsed like {@code std::stod} (for
 * floats) and {@code std::stoll}/{@code std::stoull} (for integers), which read the longest
 * numeric prefix, so "100.5" is the integer 100.
 */
final class NumericText {
    private static final int SIGNIFICANT_DIGITS = 8;
    private static final Pattern DECIMAL = Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    private NumericText() {
    }

    /** A floating-point value as C's printf("%.8g") prints it, NaN and infinities spelled out. */
    static String formatFloat(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "INF" : "-INF";
        }
        String sign = v < 0 || (v == 0 && 1 / v < 0) ? "-" : "";
        if (v == 0) {
            return sign + "0";
        }
        BigDecimal rounded = new BigDecimal(Math.abs(v)).round(new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        String digits = stripTrailingZeros(rounded.unscaledValue().toString());
        // %g picks plain notation when -4 <= exponent < precision, and drops trailing zeros
        if (exponent < -4 || exponent >= SIGNIFICANT_DIGITS) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            int e = Math.abs(exponent);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (e < 10 ? "0" : "") + e;
        }
        if (exponent < 0) {
            return sign + "0." + "0".repeat(-exponent - 1) + digits;
        }
        if (digits.length() <= exponent + 1) {
            return sign + digits + "0".repeat(exponent + 1 - digits.length());
        }
        return sign + digits.substring(0, exponent + 1) + "." + digits.substring(exponent + 1);
    }

    private static String stripTrailingZeros(String digits) {
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        return digits.substring(0, end);
    }

    /** An integer as decimal text; {@code unsigned} reads the 64 bits as unsigned. */
    static String formatInteger(long v, boolean unsigned) {
        return unsigned ? Long.toUnsignedString(v) : Long.toString(v);
    }

    /** The leading floating-point number of {@code s} (case-insensitive "inf", "infinity", "nan"). */
    static double parseFloat(String s) {
        int i = skipSpaces(s);
        boolean negative = i < s.length() && s.charAt(i) == '-';
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
        }
        String rest = s.substring(i);
        if (startsWithIgnoreCase(rest, "inf")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (startsWithIgnoreCase(rest, "nan")) {
            return Double.NaN;
        }
        Matcher m = DECIMAL.matcher(rest);
        if (!m.lookingAt()) {
            throw new IllegalArgumentException("cannot read a number from string '" + s + "'");
        }
        double v = Double.parseDouble(m.group());
        return negative ? -v : v;
    }

    /**
     * The leading decimal integer of {@code s}. Signed types accept the int64 range; unsigned
     * ones the uint64 range, a minus sign negating modulo 2^64 as {@code std::stoull} does.
     */
    static long parseInteger(String s, boolean unsigned) {
        int i = skipSpaces(s);
        boolean negative = i < s.length() && s.charAt(i) == '-';
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
        }
        Matcher m = DIGITS.matcher(s.substring(i));
        if (!m.lookingAt()) {
            throw new IllegalArgumentException("cannot read an integer from string '" + s + "'");
        }
        BigInteger magnitude = new BigInteger(m.group());
        BigInteger v = negative ? magnitude.negate() : magnitude;
        boolean fits = unsigned ? magnitude.compareTo(TWO_TO_64) < 0
                : v.bitLength() < 64;
        if (!fits) {
            throw new IllegalArgumentException("integer string '" + s + "' is out of the 64-bit range");
        }
        return v.longValue();
    }

    private static int skipSpaces(String s) {
        int i = 0;
        while (i < s.length() && " \t\n\u000B\f\r".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }
}
