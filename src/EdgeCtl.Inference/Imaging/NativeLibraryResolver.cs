using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.InteropServices;

namespace EdgeCtl.Inference.Imaging;

/// <summary>
/// The one <see cref="NativeLibrary.SetDllImportResolver"/> hook of this assembly (the runtime
/// allows only one per assembly). <c>[LibraryImport("stb")]</c> looks for <c>libstb.so</c>, which
/// Debian ships only in the -dev package, so each logical name is mapped to the versioned SONAMEs
/// of the runtime packages. Other bindings in this assembly add their names with
/// <see cref="Register"/> from their static constructor.
/// </summary>
internal static class NativeLibraryResolver
{
    private static readonly ConcurrentDictionary<string, string[]> Candidates = new(StringComparer.Ordinal);
    private static int _installed;

    /// <summary>Maps logical <paramref name="name"/> to SONAMEs or paths tried in order, and installs the resolver once.</summary>
    public static void Register(string name, params string[] candidates)
    {
        Candidates[name] = candidates;
        if (Interlocked.Exchange(ref _installed, 1) == 0)
            NativeLibrary.SetDllImportResolver(typeof(NativeLibraryResolver).Assembly, Resolve);
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!Candidates.TryGetValue(libraryName, out var names)) return IntPtr.Zero; // default probing
        foreach (var n in names)
        {
            if (NativeLibrary.TryLoad(n, assembly, searchPath, out var handle)) return handle;
        }
        throw new DllNotFoundException(
            $"Native library '{libraryName}' not found (tried {string.Join(", ", names)}). " +
            "On Debian install the runtime package (libstb0 for stb, libtiff6 for libtiff).");
    }
}
