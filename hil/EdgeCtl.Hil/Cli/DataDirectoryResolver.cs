namespace EdgeCtl.Hil.Cli;

/// <summary>
/// Finds the shared measured data (docs/rig.md, <c>--data-dir</c>): the given directory, else
/// <c>../shared/data</c> relative to the current directory, else <c>../shared/data</c> beside the
/// repository root (the first ancestor of the executable that holds <c>EdgeCtl.sln</c>).
/// </summary>
public static class DataDirectoryResolver
{
    /// <summary>Resolves the data directory.</summary>
    /// <param name="explicitDir">The <c>--data-dir</c> value, or null.</param>
    /// <returns>The full path of an existing directory.</returns>
    /// <exception cref="RigUsageException">No candidate exists; the message lists every path tried.</exception>
    public static string Resolve(string? explicitDir)
    {
        if (explicitDir is not null)
        {
            string full = Path.GetFullPath(explicitDir);
            return Directory.Exists(full)
                ? full
                : throw new RigUsageException($"--data-dir '{full}' does not exist");
        }
        var tried = new List<string>();
        string fromCwd = Path.GetFullPath(Path.Combine("..", "shared", "data"));
        tried.Add(fromCwd);
        if (Directory.Exists(fromCwd)) return fromCwd;

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "EdgeCtl.sln"))) continue;
            string beside = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
            tried.Add(beside);
            if (Directory.Exists(beside)) return beside;
            break;
        }
        throw new RigUsageException(
            $"shared measured data not found (tried {string.Join(", ", tried.Select(t => $"'{t}'"))}); pass --data-dir");
    }

    /// <summary>A file under the data directory, or a <see cref="RigUsageException"/> naming its full path.</summary>
    public static string RequireFile(string dataDir, params string[] parts)
    {
        string path = Path.Combine([dataDir, .. parts]);
        return File.Exists(path)
            ? path
            : throw new RigUsageException($"required data file missing: '{path}' (check --data-dir)");
    }
}
