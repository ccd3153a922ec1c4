using System.Reflection;
using System.Runtime.InteropServices;

namespace EdgeCtl.Drivers;

/// <summary>
/// The one <see cref="NativeLibrary.SetDllImportResolver"/> of this assembly (a resolver can be set
/// only once per assembly). Maps the logical library names used by <c>[LibraryImport]</c> to the
/// sonames shipped by Debian: <c>"libc"</c> → <c>libc.so.6</c> (glibc), <c>"libgpiod"</c> →
/// <c>libgpiod.so.2</c> (package libgpiod2, v1 API). Every class holding native imports calls
/// <see cref="EnsureResolver"/> from its static constructor.
/// </summary>
internal static class NativeLibraries
{
    /// <summary>Logical name of the C library in <c>[LibraryImport]</c>.</summary>
    public const string LibC = "libc";

    /// <summary>Logical name of libgpiod (v1 API) in <c>[LibraryImport]</c>.</summary>
    public const string Libgpiod = "libgpiod";

    /// <summary>The soname loaded for <see cref="LibC"/>.</summary>
    public const string LibCSoname = "libc.so.6";

    /// <summary>The soname loaded for <see cref="Libgpiod"/> (Debian libgpiod2 = libgpiod 1.6).</summary>
    public const string LibgpiodSoname = "libgpiod.so.2";

    private static int _installed;

    /// <summary>Installs the resolver for this assembly once; later calls do nothing.</summary>
    public static void EnsureResolver()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 0)
            NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly, Resolve);
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        var soname = libraryName switch
        {
            LibC => LibCSoname,
            Libgpiod => LibgpiodSoname,
            _ => null,
        };
        if (soname is null) return IntPtr.Zero; // default probing
        if (NativeLibrary.TryLoad(soname, assembly, searchPath, out var handle)) return handle;
        throw new DllNotFoundException(
            $"Native library '{soname}' (for '{libraryName}') could not be loaded" +
            (libraryName == Libgpiod ? "; install the Debian package libgpiod2 (apt-get install -y libgpiod2)." : "."));
    }
}
