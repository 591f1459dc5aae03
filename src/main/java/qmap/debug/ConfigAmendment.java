package qmap.debug;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import qmap.QmapException;
import qmap.config.Config;
import qmap.config.ConfigReader;
import qmap.config.Overrides;
import qmap.io.AtomicFiles;

/**
 * Writes a copy of a config with a fix added, as text: the user's comments and layout stay, the
 * new lines are marked {@code # added by qmap debug}, and the copy is read back to check that it
 * says what the fix says. The original file is never changed. A copy written to another folder
 * gets its relative paths (onnx_model, working_dir, cal_data_dir) made absolute.
 */
public final class ConfigAmendment {
    static final String MARK = "  # added by qmap debug";
    private static final Pattern GROUP = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*):\\s*(#.*)?$");
    private static final Pattern PATH_KEY = Pattern.compile(
            "^(\\s+)(onnx_model|working_dir|cal_data_dir):\\s*(['\"]?)(.*?)\\3\\s*(#.*)?$");

    private ConfigAmendment() {
    }

    /**
     * Writes the amended config to {@code target}, or by default to {@code C_fixed.yaml} next to the
     * original, or, when that folder is not writable, into the working dir. Returns where.
     */
    public static Path write(Config cfg, Path original, FixSet fix, Path target, Overrides overrides) {
        Path src = original.toAbsolutePath().normalize();
        Path out = target != null ? target.toAbsolutePath().normalize() : defaultTarget(cfg, src);
        try {
            String text = amend(Files.readString(src), fix, cfg.calibration().runOnCpu());
            if (!out.getParent().equals(src.getParent())) {
                text = rebase(text, src.getParent());
            }
            if (out.equals(src)) {
                throw new QmapException("--fixed-config " + out + " is the original config; qmap debug never changes it");
            }
            Files.createDirectories(out.getParent());
            AtomicFiles.write(out, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        check(ConfigReader.read(out, overrides), fix, out);
        return out;
    }

    private static Path defaultTarget(Config cfg, Path src) {
        String name = src.getFileName().toString().replaceFirst("\\.ya?ml$", "") + "_fixed.yaml";
        if (writable(src.getParent())) {
            return src.getParent().resolve(name);
        }
        return cfg.model().workingDir().toAbsolutePath().normalize().resolve(name);
    }

    /**
     * Whether the folder is meant to be written: its owner-write bit, not only the process's access
     * (root may write anywhere, a read-only shared folder included).
     */
    private static boolean writable(Path dir) {
        try {
            return Files.isWritable(dir) && Files.getPosixFilePermissions(dir)
                    .contains(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        } catch (UnsupportedOperationException | IOException e) {
            return Files.isWritable(dir);
        }
    }

    /** The config text with the fix's lines added. */
    static String amend(String text, FixSet fix, List<String> runOnCpu) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        Map<String, String> info = FixYaml.nodeInfo(fix);
        if (!info.isEmpty()) {
            List<String> entries = new ArrayList<>();
            info.forEach((n, v) -> entries.add(n + ": " + v + MARK));
            addEntries(lines, "model_parameters", "node_info", entries);
        }
        if (!fix.cpuNodes().isEmpty()) {
            setKey(lines, "calibration_parameters", "run_on_cpu", FixYaml.runOnCpuValue(fix, runOnCpu));
        }
        fix.method().ifPresent(m -> FixYaml.methodLines(m).forEach((k, v) ->
                setKey(lines, "calibration_parameters", k, v)));
        var overrides = FixYaml.overrides(fix);
        if (!overrides.isEmpty()) {
            List<String> entries = new ArrayList<>();
            overrides.values().forEach(t -> entries.add(FixYaml.overrideLine(t) + " (added by qmap debug)"));
            if (groupStart(lines, "qmap_parameters") < 0) {
                int at = lines.get(lines.size() - 1).isEmpty() ? lines.size() - 1 : lines.size();
                if (at > 0 && !lines.get(at - 1).isBlank()) {
                    lines.add(at++, "");
                }
                lines.add(at, "qmap_parameters:" + MARK);
            }
            addEntries(lines, "qmap_parameters", "tensor_overrides", entries);
        }
        return String.join("\n", lines);
    }

    /** Sets {@code group.key: value}, replacing the key's line or adding one under the group. */
    private static void setKey(List<String> lines, String group, String key, String value) {
        int start = requireGroup(lines, group);
        int end = groupEnd(lines, start);
        String indent = childIndent(lines, start, end);
        int at = keyLine(lines, start, end, key);
        String line = indent + key + ": " + value + MARK;
        if (at >= 0) {
            lines.set(at, line);
        } else {
            lines.add(start + 1, line);
        }
    }

    /** Adds entries under the block mapping {@code group.key}, creating the key when absent. */
    private static void addEntries(List<String> lines, String group, String key, List<String> entries) {
        int start = requireGroup(lines, group);
        int end = groupEnd(lines, start);
        String indent = childIndent(lines, start, end);
        int at = keyLine(lines, start, end, key);
        if (at < 0) {
            lines.add(start + 1, indent + key + ":" + MARK);
            at = start + 1;
            end++;
        } else if (!lines.get(at).replaceFirst("#.*$", "").trim().endsWith(":")) {
            throw new QmapException(group + "." + key + " is written inline in the config; add the entries by hand: "
                    + String.join(" / ", entries));
        }
        String inner = indent + indent;
        for (int i = at + 1; i < end; i++) {
            String l = lines.get(i);
            if (!l.isBlank() && !l.trim().startsWith("#")) {
                int lead = l.length() - l.stripLeading().length();
                if (lead > indent.length()) {
                    inner = l.substring(0, lead);
                }
                break;
            }
        }
        for (int k = entries.size() - 1; k >= 0; k--) {
            lines.add(at + 1, inner + entries.get(k));
        }
    }

    private static int requireGroup(List<String> lines, String group) {
        int s = groupStart(lines, group);
        if (s < 0) {
            throw new QmapException("the config has no " + group + " group to add the fix to");
        }
        return s;
    }

    private static int groupStart(List<String> lines, String group) {
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = GROUP.matcher(lines.get(i));
            if (m.matches() && m.group(1).equals(group)) {
                return i;
            }
        }
        return -1;
    }

    private static int groupEnd(List<String> lines, int start) {
        for (int i = start + 1; i < lines.size(); i++) {
            String l = lines.get(i);
            if (!l.isEmpty() && !Character.isWhitespace(l.charAt(0)) && !l.startsWith("#")) {
                return i;
            }
        }
        return lines.size();
    }

    private static String childIndent(List<String> lines, int start, int end) {
        for (int i = start + 1; i < end; i++) {
            String l = lines.get(i);
            if (!l.isBlank() && !l.trim().startsWith("#")) {
                return l.substring(0, l.length() - l.stripLeading().length());
            }
        }
        return "  ";
    }

    private static int keyLine(List<String> lines, int start, int end, String key) {
        for (int i = start + 1; i < end; i++) {
            String t = lines.get(i).trim();
            if (t.startsWith(key + ":")) {
                return i;
            }
        }
        return -1;
    }

    /** Relative paths of onnx_model, working_dir and cal_data_dir made absolute against {@code dir}. */
    static String rebase(String text, Path dir) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            Matcher m = PATH_KEY.matcher(line);
            if (!m.matches()) {
                out.add(line);
                continue;
            }
            List<String> parts = new ArrayList<>();
            for (String p : m.group(4).split(";")) {
                String t = p.trim();
                if (t.isEmpty()) {
                    continue;
                }
                String abs = dir.resolve(t).normalize().toString();
                parts.add(t.endsWith("/") && !abs.endsWith("/") ? abs + "/" : abs);
            }
            out.add(m.group(1) + m.group(2) + ": '" + String.join("; ", parts) + "'"
                    + (m.group(5) != null ? "  " + m.group(5) : ""));
        }
        return String.join("\n", out);
    }

    /** The written config must read back with the fix in it. */
    private static void check(Config c, FixSet fix, Path file) {
        for (FixAction a : fix.actions()) {
            boolean ok;
            if (a instanceof FixAction.Cpu cpu) {
                ok = c.calibration().runOnCpu().contains(cpu.node());
            } else if (a instanceof FixAction.Int16 i) {
                ok = c.model().nodeInfo().containsKey(i.node());
            } else if (a instanceof FixAction.Method m) {
                ok = c.calibration().type().toString().equals(m.calibrationType());
            } else {
                ok = c.qmap().tensorOverrides().containsKey(((FixAction.TensorThreshold) a).tensor());
            }
            if (!ok) {
                throw new IllegalStateException("the amended config " + file + " does not read back with: "
                        + a.describe());
            }
        }
    }
}
