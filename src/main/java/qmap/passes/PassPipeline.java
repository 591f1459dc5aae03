package qmap.passes;

import java.util.List;
import qmap.ir.Graph;

/** Passes applied in order; readable as a list in one place. */
public record PassPipeline(List<Pass> passes) {
    /** Types for every value, then shape subgraphs and other constant-only nodes folded away. */
    public static PassPipeline staticShapes() {
        return new PassPipeline(List.of(new FoldConstants(), new RemoveDeadNodes(), new InferTypes()));
    }

    /** The build's graph optimization: what hb_mapper's optimized float model does. */
    public static PassPipeline optimization() {
        return new PassPipeline(List.of(
                new FoldConstants(),
                new RemoveIdentities(),
                new FoldBatchNormIntoConv(),
                new InferTypes(),
                new FoldAffineIntoConv(),
                new InferTypes(),
                new RemoveNoopReshapes(),
                new RemoveDeadNodes(),
                new InferTypes()));
    }

    public Graph apply(Graph graph) {
        Graph g = graph;
        for (Pass p : passes) {
            g = p.apply(g);
        }
        return g;
    }
}
