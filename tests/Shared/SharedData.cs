namespace EdgeCtl.Tests;

/// <summary>
/// Locates the repository root and <c>../shared/data</c> beside it. Tests that need the
/// measured data call <see cref="Dir"/> and fail with a clear message when it is missing.
/// </summary>
public static class SharedData
{
    /// <summary>The repository root: the first ancestor of the test binary holding EdgeCtl.sln.</summary>
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "EdgeCtl.sln")))
                dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException(
                $"EdgeCtl.sln not found above {AppContext.BaseDirectory}: run the tests from the repository.");
        }
    }

    /// <summary><c>../shared/data</c> from the repository root (override: EDGECTL_SHARED_DATA).</summary>
    public static string Dir
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("EDGECTL_SHARED_DATA");
            var path = Path.GetFullPath(env ?? Path.Combine(RepoRoot, "..", "shared", "data"));
            if (!Directory.Exists(path))
                throw new DirectoryNotFoundException(
                    $"Shared measured data not found at '{path}'. Clone the repository beside 'shared/' (expected ../shared/data from the repo root) or set EDGECTL_SHARED_DATA.");
            return path;
        }
    }

    /// <summary>A file below <see cref="Dir"/>; throws naming the path when it is absent.</summary>
    public static string File(params string[] parts)
    {
        var path = Path.Combine([Dir, .. parts]);
        if (!System.IO.File.Exists(path))
            throw new FileNotFoundException($"Shared data file missing: '{path}'.", path);
        return path;
    }
}
