#!/usr/bin/python3
"""Dynamic int8 quantization of MatMul/Gemm weights, as a plain ONNX graph rewrite.

usage: quantize_dynamic.py model.onnx model.int8.onnx

Method (the same graph that onnxruntime.quantization.quantize_dynamic emits, written here with
Debian's python3-onnx + numpy only, since the onnxruntime Python wheel is not reachable):
for every MatMul whose second input is a constant 2-D float weight W [K,N] (and every Gemm with a
constant weight, first rewritten as MatMul + Add), W is quantized symmetrically per output column
to int8 (scale_n = max|W[:,n]| / 127, zero point 0). The activation A is quantized at run time:
    A_q, a_scale, a_zp = DynamicQuantizeLinear(A)            (uint8, per tensor)
    Y = Cast(MatMulInteger(A_q, W_q, a_zp, 0), float) * (a_scale * w_scale)
ONNX Runtime fuses this pattern into its DynamicQuantizeMatMul / MatMulIntegerToFloat kernels
(graph optimisation level Extended or All). Activation x weight MatMuls (attention) and Conv stay
float: dynamic ConvInteger is slower than float Conv on ORT's CPU provider, and static
quantization would need calibration images. Why dynamic: no calibration data set is needed, the
result is reproducible bit for bit, and MatMul/Gemm carry most of the transformer's weights.
Deterministic: the same input gives byte-identical output.
"""
import sys
import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto

MIN_ELEMENTS = 4096  # tiny weights are not worth the quantize/dequantize overhead


def constant_values(graph):
    vals = {t.name: t for t in graph.initializer}
    for n in graph.node:
        if n.op_type == "Constant" and len(n.output) == 1:
            for a in n.attribute:
                if a.name == "value":
                    vals[n.output[0]] = a.t
    return vals


def main(src, dst):
    m = onnx.load(src)
    g = m.graph
    consts = constant_values(g)
    new_nodes, new_inits = [], []
    count = 0
    for n in g.node:
        op = n.op_type
        w_name = None
        if op == "MatMul" and n.input[1] in consts:
            w_name = n.input[1]
        elif op == "Gemm" and len(n.input) >= 2 and n.input[1] in consts:
            attrs = {a.name: helper.get_attribute_value(a) for a in n.attribute}
            if attrs.get("transA", 0) == 0 and attrs.get("alpha", 1.0) == 1.0 and attrs.get("beta", 1.0) == 1.0:
                w_name = n.input[1]
        if w_name is None:
            new_nodes.append(n)
            continue
        W = numpy_helper.to_array(consts[w_name])
        if W.dtype != np.float32 or W.ndim != 2 or W.size < MIN_ELEMENTS:
            new_nodes.append(n)
            continue
        if op == "Gemm":
            attrs = {a.name: helper.get_attribute_value(a) for a in n.attribute}
            if attrs.get("transB", 0):
                W = W.T
        W = np.ascontiguousarray(W)
        scale = np.abs(W).max(axis=0) / 127.0
        scale[scale == 0] = 1.0
        Wq = np.clip(np.round(W / scale), -127, 127).astype(np.int8)
        base = (n.name or n.output[0]).replace("/", "_").strip("_") + f"_q{count}"
        count += 1
        a = n.input[0]
        new_inits += [
            numpy_helper.from_array(Wq, base + "_W_int8"),
            numpy_helper.from_array(scale.astype(np.float32), base + "_W_scale"),
            numpy_helper.from_array(np.zeros((), np.int8), base + "_W_zp"),
        ]
        out = n.output[0]
        y = out if op == "MatMul" or len(n.input) < 3 or not n.input[2] else base + "_mm"
        new_nodes += [
            helper.make_node("DynamicQuantizeLinear", [a], [base + "_A_q", base + "_A_scale", base + "_A_zp"], name=base + "_dql"),
            helper.make_node("MatMulInteger", [base + "_A_q", base + "_W_int8", base + "_A_zp", base + "_W_zp"], [base + "_int32"], name=base + "_mmi"),
            helper.make_node("Cast", [base + "_int32"], [base + "_f"], to=TensorProto.FLOAT, name=base + "_cast"),
            helper.make_node("Mul", [base + "_A_scale", base + "_W_scale"], [base + "_scale"], name=base + "_scale_mul"),
            helper.make_node("Mul", [base + "_f", base + "_scale"], [y], name=base + "_out_mul"),
        ]
        if y != out:
            new_nodes.append(helper.make_node("Add", [y, n.input[2]], [out], name=base + "_bias"))
    del g.node[:]
    g.node.extend(new_nodes)
    used = {i for nd in g.node for i in nd.input}
    keep = [t for t in g.initializer if t.name in used or t.name in {i.name for i in g.input}]
    del g.initializer[:]
    g.initializer.extend(keep + new_inits)
    # MatMulInteger / DynamicQuantizeLinear need opset >= 11 (both models are 12 / 17).
    for o in m.opset_import:
        if o.domain in ("", "ai.onnx") and o.version < 11:
            sys.exit(f"quantize_dynamic: {src}: opset {o.version} < 11")
    onnx.checker.check_model(m)
    onnx.save(m, dst)
    print(f"quantize_dynamic: {dst}: {count} MatMul/Gemm weights quantized to int8")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
