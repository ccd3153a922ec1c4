namespace EdgeCtl.Inference.Onnx;

/// <summary>
/// Locates the model files that <c>scripts/setup-models.sh</c> puts under <c>models/</c>:
/// <see cref="EnvironmentVariable"/> if set, else the first <c>models/</c> above the working
/// directory or the executable's directory that holds the file.
/// </summary>
public static class ModelFiles
{
    /// <summary>Environment variable naming the models directory (the one holding <c>sam/</c> and <c>lib/</c>).</summary>
    public const string EnvironmentVariable = "EDGECTL_MODELS";

    /// <summary>Full path of <paramref name="relativePath"/> (e.g. <c>sam/encoder.onnx</c>) below the models directory.</summary>
    /// <exception cref="FileNotFoundException">Not found; the message names where it was looked for and how to fetch it.</exception>
    public static string Find(string relativePath)
    {
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env))
        {
            var p = Path.GetFullPath(Path.Combine(env, relativePath));
            if (File.Exists(p)) return p;
            throw new FileNotFoundException($"Model file '{p}' not found ({EnvironmentVariable}={env}). Run scripts/setup-models.sh.", p);
        }
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            var found = FindUpwards(start, Path.Combine("models", relativePath));
            if (found is not null) return found;
        }
        throw new FileNotFoundException(
            $"Model file 'models/{relativePath}' not found above '{Environment.CurrentDirectory}' or '{AppContext.BaseDirectory}'. " +
            $"Run scripts/setup-models.sh (or set {EnvironmentVariable}).", relativePath);
    }

    /// <summary>True when <see cref="Find"/> would succeed.</summary>
    public static bool TryFind(string relativePath, out string path)
    {
        try { path = Find(relativePath); return true; }
        catch (FileNotFoundException) { path = ""; return false; }
    }

    internal static string? FindUpwards(string start, string relative)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var p = Path.Combine(dir.FullName, relative);
            if (File.Exists(p)) return p;
        }
        return null;
    }
}
