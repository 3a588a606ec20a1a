package dev.versiond.spec.load;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The steps a {@code forEach} generates: the step's YAML copied once per item, with {@code {{item}}}
 * replaced by the item in every scalar value (never in keys) and the {@code forEach} key left out.
 * Each copy keeps the positions of the original nodes, so a problem in a generated step is reported
 * where the step is written, and it is then read and validated like any other step (ids unique,
 * host paths normalised) — after the substitution.
 */
final class ForEach {
    private ForEach() {
    }

    static MappingNode substituted(MappingNode step, String item) {
        List<NodeTuple> tuples = new ArrayList<>();
        for (NodeTuple t : step.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("forEach")) {
                continue;
            }
            tuples.add(new NodeTuple(t.getKeyNode(), copy(t.getValueNode(), item)));
        }
        return new MappingNode(step.getTag(), true, tuples, step.getStartMark(), step.getEndMark(), step.getFlowStyle());
    }

    private static Node copy(Node node, String item) {
        if (node instanceof ScalarNode s) {
            if (!s.getValue().contains(StepReader.ITEM)) {
                return s;
            }
            return new ScalarNode(s.getTag(), s.getValue().replace(StepReader.ITEM, item), s.getStartMark(),
                    s.getEndMark(), s.getScalarStyle());
        }
        if (node instanceof SequenceNode seq) {
            List<Node> items = new ArrayList<>();
            seq.getValue().forEach(n -> items.add(copy(n, item)));
            return new SequenceNode(seq.getTag(), true, items, seq.getStartMark(), seq.getEndMark(), seq.getFlowStyle());
        }
        if (node instanceof MappingNode map) {
            List<NodeTuple> tuples = new ArrayList<>();
            map.getValue().forEach(t -> tuples.add(new NodeTuple(t.getKeyNode(), copy(t.getValueNode(), item))));
            return new MappingNode(map.getTag(), true, tuples, map.getStartMark(), map.getEndMark(), map.getFlowStyle());
        }
        return node;
    }
}
