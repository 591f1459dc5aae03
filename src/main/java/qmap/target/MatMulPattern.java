package qmap.target;

/**
 * The shape pattern of a MatMul in the notation of Horizon's op list: "MKxKN", "1BMKx11KN",
 * "ABMKxKN". The last two dims of the first input are M and K (just K when 1-D), of the second
 * K and N (just K when 1-D); a leading dim is "1" when it is 1, else B for the dim next to the
 * matrix and A for the one before.
 */
final class MatMulPattern {
    private MatMulPattern() {
    }

    static Object of(NodeFacts f) {
        return side(f.dims(0), "MK") + "x" + side(f.dims(1), "KN");
    }

    private static String side(int[] d, String matrix) {
        if (d.length == 1) {
            return "K";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < d.length - 2; i++) {
            int fromMatrix = d.length - 2 - i;
            sb.append(d[i] == 1 ? "1" : fromMatrix == 1 ? "B" : fromMatrix == 2 ? "A" : "D");
        }
        return sb.append(matrix).toString();
    }
}
