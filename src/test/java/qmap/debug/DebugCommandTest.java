package qmap.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import qmap.cli.Main;
import qmap.io.Json;

/**
 * qmap debug as a user runs it on the tiny collapsing model: the collapse and the culprit are
 * named, the fix is a tensor override, --apply writes config_fixed.yaml next to the config, and a
 * build of that config records the override in _nodes.json and repairs the output.
 */
class DebugCommandTest {
    @TempDir
    Path dir;

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome qmap(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void findsTheCulpritFixesItAndTheFixedConfigBuilds() throws Exception {
        Path cfg = CollapseModel.writeProject(dir);
        String original = Files.readString(cfg);
        Outcome r = qmap("debug", "--config", cfg.toString(), "--report", dir.resolve("report").toString(), "--apply");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("out2") && r.out().contains("COLLAPSED"), r.out());
        assertTrue(r.out().contains("Exp_1: output threshold"), r.out());
        assertTrue(r.out().contains("out2 collapses"), r.out());
        assertTrue(r.out().contains("tensor_overrides:") && r.out().contains("'e': {calibration_type:"), r.out());
        assertEquals(original, Files.readString(cfg), "the original config is never changed");
        Path fixed = dir.resolve("config_fixed.yaml");
        assertTrue(r.out().contains("written to " + fixed), r.out());
        assertTrue(Files.readString(fixed).contains("# added by qmap debug"));
        String html = Files.readString(dir.resolve("report/index.html"));
        assertTrue(html.contains("<svg") && html.contains("class='sortable'") && html.contains("Exp_1"));
        assertTrue(!html.contains("http://") && !html.contains("https://") || html.contains("http://www.w3.org/2000/svg"),
                "self-contained");

        Outcome b = qmap("build", "--config", fixed.toString());
        assertEquals(0, b.code(), b.err());
        double out2 = Double.parseDouble(b.out().replaceAll("(?s).*output out2: cosine ([0-9.]+).*", "$1"));
        assertTrue(out2 > 0.99, b.out());
        @SuppressWarnings("unchecked")
        Map<String, Object> nodes = (Map<String, Object>) Json.parse(Files.readString(dir.resolve("out/collapse_nodes.json")), "nodes");
        @SuppressWarnings("unchecked")
        Map<String, Object> exp = ((List<Map<String, Object>>) nodes.get("nodes")).stream()
                .filter(n -> n.get("name").equals("Exp_1")).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> e = ((List<Map<String, Object>>) exp.get("outputs")).get(0);
        assertTrue(String.valueOf(e.get("method")).endsWith("(tensor_overrides)"), e.toString());
        // the unfixed threshold is max(exp) over calibration, about 240; the fix keeps the interior on the grid
        assertTrue(((Number) e.get("threshold")).doubleValue() < 40, e.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void tensorOverridesRoundTripThroughNodesJson() throws Exception {
        Path cfg = CollapseModel.writeProject(dir);
        Files.writeString(cfg, Files.readString(cfg) + "qmap_parameters:\n  tensor_overrides:\n"
                + "    x: {calibration_type: max, max_percentile: 0.9}\n    'e': {calibration_type: kl}\n");
        Outcome b = qmap("build", "--config", cfg.toString());
        assertEquals(0, b.code(), b.err());
        Map<String, Object> doc = (Map<String, Object>) Json.parse(Files.readString(dir.resolve("out/collapse_nodes.json")),
                "nodes");
        Map<String, Object> x = ((List<Map<String, Object>>) doc.get("inputs")).get(0);
        assertEquals("x", x.get("tensor"));
        assertEquals("max(0.9) (tensor_overrides)", x.get("method"));
        Map<String, Object> exp = ((List<Map<String, Object>>) doc.get("nodes")).stream()
                .filter(n -> n.get("name").equals("Exp_1")).findFirst().orElseThrow();
        assertEquals("kl (tensor_overrides)", ((List<Map<String, Object>>) exp.get("outputs")).get(0).get("method"));
        Map<String, Object> relu = ((List<Map<String, Object>>) doc.get("nodes")).stream()
                .filter(n -> n.get("name").equals("Mul_0")).findFirst().orElseThrow();
        assertEquals("max", ((List<Map<String, Object>>) relu.get("outputs")).get(0).get("method"), "others keep theirs");
    }

    @Test
    void oneSampleIsAUserError() throws Exception {
        Path cfg = CollapseModel.writeProject(dir);
        Outcome r = qmap("debug", "--config", cfg.toString(), "--samples", "1");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("at least 2 calibration samples"), r.err());
    }
}
