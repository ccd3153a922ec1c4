using System.Runtime.InteropServices;

namespace EdgeCtl.Service.Store;

/// <summary>Little-endian float64 arrays as SQLite BLOBs (compositions, σ, spectra).</summary>
internal static class Blob
{
    /// <summary>The bytes of <paramref name="values"/> (float64, native = little-endian on x64/arm64).</summary>
    public static byte[] Of(ReadOnlySpan<double> values) => MemoryMarshal.AsBytes(values).ToArray();

    /// <summary>Reads back a blob written by <see cref="Of"/>.</summary>
    /// <exception cref="CampaignStoreException">The blob length is not a multiple of 8.</exception>
    public static double[] ToDoubles(byte[] blob)
    {
        if (blob.Length % sizeof(double) != 0)
            throw new CampaignStoreException($"Corrupt float64 blob of {blob.Length} bytes in the campaign store.");
        return MemoryMarshal.Cast<byte, double>(blob).ToArray();
    }
}
