using System.Reflection;
using System.Runtime.InteropServices;

namespace EdgeCtl.Service.Mqtt;

/// <summary>
/// Process-wide libmosquitto state: resolves the native library and reference-counts
/// <c>mosquitto_lib_init</c> / <c>mosquitto_lib_cleanup</c> (mosquitto.h: "must be called before
/// any other mosquitto functions"; cleanup only when no client remains).
/// </summary>
/// <remarks>
/// This is the one <see cref="NativeLibrary.SetDllImportResolver"/> of the EdgeCtl.Service
/// assembly: it maps <c>"mosquitto"</c> to <c>libmosquitto.so.1</c> (Debian's package ships no
/// unversioned <c>libmosquitto.so</c> without the -dev package); other names fall through to the
/// runtime's default probing. Another native binding in this assembly must extend
/// <see cref="Resolve"/> rather than register a second resolver (the runtime allows one per
/// assembly and throws <see cref="InvalidOperationException"/> on a second).
/// </remarks>
public static class MosquittoLibrary
{
    private static readonly Lock Gate = new();
    private static int _users;
    private static bool _resolverSet;

    /// <summary>Candidate file names for libmosquitto, tried in order.</summary>
    private static readonly string[] Candidates = ["libmosquitto.so.1", "libmosquitto.so"];

    /// <summary>The library version as (major, minor, revision), e.g. (2, 0, 11).</summary>
    /// <exception cref="DllNotFoundException">libmosquitto1 is not installed.</exception>
    public static (int Major, int Minor, int Revision) Version
    {
        get
        {
            EnsureResolver();
            MosquittoNative.mosquitto_lib_version(out var major, out var minor, out var revision);
            return (major, minor, revision);
        }
    }

    /// <summary>Takes a reference; the first one calls <c>mosquitto_lib_init</c>.</summary>
    /// <exception cref="DllNotFoundException">libmosquitto1 is not installed (apt-get install libmosquitto1).</exception>
    /// <exception cref="MosquittoException">mosquitto_lib_init failed.</exception>
    internal static void Acquire()
    {
        lock (Gate)
        {
            EnsureResolver();
            if (_users == 0)
                MosquittoException.ThrowIfError(MosquittoNative.mosquitto_lib_init(), "mosquitto_lib_init");
            _users++;
        }
    }

    /// <summary>Drops a reference; the last one calls <c>mosquitto_lib_cleanup</c>.</summary>
    internal static void Release()
    {
        lock (Gate)
        {
            if (_users == 0)
                return;
            if (--_users == 0)
                MosquittoNative.mosquitto_lib_cleanup();
        }
    }

    private static void EnsureResolver()
    {
        lock (Gate)
        {
            if (_resolverSet)
                return;
            NativeLibrary.SetDllImportResolver(typeof(MosquittoLibrary).Assembly, Resolve);
            _resolverSet = true;
        }
    }

    /// <summary>The assembly's import resolver: <c>"mosquitto"</c> → libmosquitto.so.1; others → default.</summary>
    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != MosquittoNative.Lib)
            return 0;
        foreach (var candidate in Candidates)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out var handle))
                return handle;
        }
        throw new DllNotFoundException(
            $"libmosquitto not found (tried {string.Join(", ", Candidates)}): install the Debian package libmosquitto1.");
    }
}
