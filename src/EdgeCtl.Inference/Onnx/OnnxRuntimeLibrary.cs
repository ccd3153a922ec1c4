namespace EdgeCtl.Inference.Onnx;

/// <summary>
/// Where <c>libonnxruntime.so.1</c> is looked for, in order: the path in
/// <see cref="EnvironmentVariable"/>; <c>models/lib/libonnxruntime.so.1</c> (a link made by
/// <c>scripts/setup-models.sh</c> to the build in the pinned npm package <c>onnxruntime-node</c>)
/// in the working directory, the executable's directory or any of their ancestors; the system
/// loader's own search for <c>libonnxruntime.so.1</c>.
/// </summary>
public static class OnnxRuntimeLibrary
{
    /// <summary>Environment variable holding an explicit path to <c>libonnxruntime.so.1</c>.</summary>
    public const string EnvironmentVariable = "EDGECTL_ONNXRUNTIME";

    /// <summary>The candidate paths or SONAMEs, in the order they are tried.</summary>
    public static string[] Candidates()
    {
        var list = new List<string>();
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env)) list.Add(Path.GetFullPath(env));
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            var found = ModelFiles.FindUpwards(start, Path.Combine("models", "lib", "libonnxruntime.so.1"));
            if (found is not null && !list.Contains(found)) list.Add(found);
        }
        list.Add("libonnxruntime.so.1");
        return list.ToArray();
    }

    /// <summary>The loaded runtime's version string (loads the library on first use).</summary>
    /// <exception cref="DllNotFoundException">The library is not found or too old.</exception>
    public static string Version => OrtNative.VersionString;
}
