package qmap.config;

/**
 * {@code compiler_parameters}: settings of Horizon's chip compiler. qmap does not compile for a chip;
 * it accepts them, records them in the package and logs them.
 *
 * @param compileMode   latency | bandwidth | balance (default latency)
 * @param debug         default False
 * @param coreNum       default 1 (1 or 2 on bernoulli2)
 * @param optimizeLevel O0..O3 (default O0)
 * @param maxTimePerFc  microseconds, 0 = no limit (default 0)
 * @param jobs          compile jobs (default 1)
 */
public record CompilerParameters(String compileMode, boolean debug, int coreNum, String optimizeLevel,
        int maxTimePerFc, int jobs) {

    public static final CompilerParameters DEFAULTS = new CompilerParameters("latency", false, 1, "O0", 0, 1);
}
