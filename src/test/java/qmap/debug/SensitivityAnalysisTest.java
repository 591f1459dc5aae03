package qmap.debug;

import qmap.kernels.FastKernels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import qmap.exec.Executor;
import qmap.exec.Similarity;
import qmap.ir.Graph;
import qmap.ir.Tensor;
import qmap.ops.OpRegistry;
import qmap.quant.QdqInserter;
import qmap.quant.QuantPlan;

/** Sensitivity ranking, collapse and culprits on a hand-built graph whose culprit is known (Exp_1). */
class SensitivityAnalysisTest {
    private final Graph g = CollapseModel.graph();
    private final List<Map<String, Tensor>> samples = CollapseModel.samples(8);
    private final QuantPlan plan = CollapseModel.maxPlan(g, samples);

    @Test
    void theSimulatorAgreesWithTheCalibratedQdqModel() {
        QuantSimulator sim = new QuantSimulator(g);
        Executor qdq = new Executor(new QdqInserter(QdqInserter.Form.CALIBRATED).apply(g, plan).graph(),
                FastKernels.registry(), 21);
        for (Map<String, Tensor> s : samples) {
            Map<String, Tensor> a = sim.outputs(sim.run(s, plan));
            Map<String, Tensor> b = qdq.run(s);
            for (String o : List.of("out1", "out2")) {
                assertTrue(Similarity.of(a.get(o), b.get(o)).maxAbsDiff() < 1e-5, o);
            }
        }
    }

    @Test
    void rerunFromATraceEqualsAFullRun() {
        QuantSimulator sim = new QuantSimulator(g);
        QuantPlan onlyExp = Plans.only(plan, Set.of("e"), Set.of());
        for (Map<String, Tensor> s : samples) {
            Map<String, Tensor> full = sim.outputs(sim.run(s, onlyExp));
            Map<String, Tensor> again = sim.rerun(sim.run(s, Plans.FLOAT), onlyExp);
            Map<String, Tensor> back = sim.rerun(sim.run(s, plan), onlyExp);
            for (String o : List.of("out1", "out2")) {
                assertEquals(0, Similarity.of(again.get(o), full.get(o)).maxAbsDiff(), o);
                assertEquals(0, Similarity.of(back.get(o), full.get(o)).maxAbsDiff(), o);
            }
        }
    }

    @Test
    void theExpOutputRanksFirstAndAloneCollapsesOut2() {
        QuantSimulator sim = new QuantSimulator(g);
        List<Sensitivity> all = new SensitivityAnalysis(sim, plan, Set.of("out2"))
                .run(samples::get, samples.size(), line -> { });
        List<Sensitivity> ranked = SensitivityAnalysis.ranked(all);
        Sensitivity top = ranked.get(0);
        assertEquals("Exp_1", top.node());
        assertEquals(Sensitivity.Kind.ACTIVATION, top.kind());
        assertEquals(List.of("e"), top.tensors());
        assertEquals(0, top.onlyThis().get("out2"), 1e-9, "out2 is all zeros with only e quantized");
        assertEquals(1, top.onlyThis().get("out1"), 1e-9, "out1 does not read e");
        assertTrue(top.worstAllBut() > 0.99, "everything but e quantized is fine: " + top.allBut());
        for (Sensitivity s : ranked.subList(1, ranked.size())) {
            assertTrue(s.worstOnlyThis() > 0.99, s.toString());
            assertTrue(s.worstAllBut() < 0.01, "with e quantized out2 stays ruined: " + s);
        }
        assertEquals(0, top.onlyThisSpread().get("out2"), 1e-12);
    }

    @Test
    void collapseIsDetectedWithItsCulpritAndCause() {
        QuantSimulator sim = new QuantSimulator(g);
        OutputAccumulator f = new OutputAccumulator(Set.of("out1", "out2"));
        OutputAccumulator q = new OutputAccumulator(Set.of("out1", "out2"));
        for (Map<String, Tensor> s : samples) {
            Trace ft = sim.run(s, Plans.FLOAT);
            f.add(sim.outputs(ft), null);
            q.add(sim.outputs(sim.run(s, plan)), sim.outputs(ft));
        }
        Collapse out2 = new Collapse("out2", f.spread().get("out2"), q.spread().get("out2"));
        Collapse out1 = new Collapse("out1", f.spread().get("out1"), q.spread().get("out1"));
        assertTrue(out2.collapsed(), out2.toString());
        assertFalse(out1.collapsed(), out1.toString());
        assertTrue(f.spread().get("out2") > 0.05, "the float out2 follows the input: " + f.spread());

        List<Sensitivity> sens = new SensitivityAnalysis(sim, plan, Set.of("out2")).run(samples::get, samples.size(),
                line -> { });
        List<Culprit> culprits = Culprits.find(sens, Map.of(), Map.of("out1", out1, "out2", out2), Map.of(), 0.99, 0.98);
        assertEquals("Exp_1", culprits.get(0).node());
        assertTrue(culprits.get(0).harmsOutputs());
        assertTrue(culprits.get(0).reasons().get(0).contains("collapses out2"), culprits.get(0).reasons().toString());
    }
}
