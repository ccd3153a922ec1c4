using Xunit;
using System.Diagnostics;

namespace EdgeCtl.Inference.Tests;

/// <summary>
/// Tiny ONNX models built at test time with Debian's <c>/usr/bin/python3</c> and
/// <c>python3-onnx</c> (installed by <c>scripts/setup-models.sh</c>). When either is missing the
/// test fails with a message saying so — never a silent pass.
/// </summary>
public sealed class OnnxTestModels : IDisposable
{
    public const string Python = "/usr/bin/python3";

    /// <summary>
    /// <c>Y = MatMul(X, W)</c>, <c>Z = Y + 1</c>; X float [N,3] (N symbolic), W float [3,4];
    /// outputs Y, Z float [N,4]. Opset 13.
    /// </summary>
    private const string MatMulAddScript = """
        import sys, onnx
        from onnx import helper, TensorProto
        X = helper.make_tensor_value_info("X", TensorProto.FLOAT, ["N", 3])
        W = helper.make_tensor_value_info("W", TensorProto.FLOAT, [3, 4])
        Y = helper.make_tensor_value_info("Y", TensorProto.FLOAT, ["N", 4])
        Z = helper.make_tensor_value_info("Z", TensorProto.FLOAT, ["N", 4])
        one = helper.make_tensor("one", TensorProto.FLOAT, [1], [1.0])
        g = helper.make_graph([helper.make_node("MatMul", ["X", "W"], ["Y"]),
                               helper.make_node("Add", ["Y", "one"], ["Z"])],
                              "tiny", [X, W], [Y, Z], initializer=[one])
        m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)], producer_name="edgectl-tests")
        m.ir_version = 7
        onnx.checker.check_model(m)
        onnx.save(m, sys.argv[1])
        """;

    public OnnxTestModels()
    {
        Dir = Path.Combine(Path.GetTempPath(), "edgectl-onnx-tests-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Dir);
        MatMulAdd = Build("matmul_add.onnx", MatMulAddScript);
    }

    public string Dir { get; }

    /// <summary>Path of the MatMul/Add model.</summary>
    public string MatMulAdd { get; }

    private string Build(string name, string script)
    {
        if (!File.Exists(Python))
            Assert.Fail($"{Python} not found: the ONNX binding tests build their model with Debian's python3 + python3-onnx. Run scripts/setup-models.sh.");
        var py = Path.Combine(Dir, name + ".py");
        var output = Path.Combine(Dir, name);
        File.WriteAllText(py, script);
        var psi = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(py);
        psi.ArgumentList.Add(output);
        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (err.Contains("No module named 'onnx'", StringComparison.Ordinal))
            Assert.Fail($"FAIL: python3-onnx is missing for {Python}; run scripts/setup-models.sh (apt-get install python3-onnx).");
        if (p.ExitCode != 0 || !File.Exists(output))
            Assert.Fail($"building test model {name} with {Python} failed (exit {p.ExitCode}): {err}");
        return output;
    }

    public void Dispose()
    {
        try { Directory.Delete(Dir, true); } catch (IOException) { }
    }
}
