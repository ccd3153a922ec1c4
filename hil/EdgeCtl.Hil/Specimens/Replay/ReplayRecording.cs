using EdgeCtl.Hil.Cli;

namespace EdgeCtl.Hil.Specimens.Replay;

/// <summary>
/// The measured SiO₂ specimen under <c>sio2-haadf-edx-particlespy/converted</c> of the data
/// directory (ParticleSpy test data, JEOL, 200 kV; see its SOURCE.txt): the HAADF image
/// <c>sio2_haadf.npy</c> (float32, 128 × 128, row 0 = top) and the EDX spectrum image
/// <c>sio2_eds_si_uint16.npy.gz</c> (uint16, 128 × 128 × 2048, 0.01 keV/channel from 0 keV) on the
/// same grid of <see cref="PixelSizeNm"/> nm (from <c>sio2_haadf.json</c>).
/// </summary>
public sealed class ReplayRecording
{
    /// <summary>Folder below the data directory.</summary>
    public static readonly string[] Folder = ["sio2-haadf-edx-particlespy", "converted"];
    /// <summary>Pixels per side of the recording.</summary>
    public const int Size = 128;
    /// <summary>EDX channels per pixel.</summary>
    public const int Channels = 2048;
    /// <summary>Pixel size of both recordings, nm (<c>sio2_haadf.json</c>, <c>pixel_size_nm</c>).</summary>
    public const double PixelSizeNm = 8.552446030080318;

    private ReplayRecording(float[] haadf, ushort[] spectrumImage)
    {
        Haadf = haadf;
        SpectrumImage = spectrumImage;
        HaadfMin = float.MaxValue;
        HaadfMax = float.MinValue;
        foreach (float v in haadf)
        {
            HaadfMin = Math.Min(HaadfMin, v);
            HaadfMax = Math.Max(HaadfMax, v);
        }
        if (!(HaadfMax > HaadfMin) || !float.IsFinite(HaadfMin) || !float.IsFinite(HaadfMax))
            throw new RigUsageException("replay HAADF recording is constant or not finite: cannot map it to u16");
        var sorted = (float[])haadf.Clone();
        Array.Sort(sorted);
        ParticleThreshold = 0.5f * (sorted[(int)(0.05 * (sorted.Length - 1))] + sorted[(int)(0.95 * (sorted.Length - 1))]);
    }

    /// <summary>HAADF values, row-major (row 0 = top), length 128².</summary>
    public float[] Haadf { get; }

    /// <summary>EDX counts, [row, column, channel], length 128² × 2048.</summary>
    public ushort[] SpectrumImage { get; }

    /// <summary>Smallest HAADF value.</summary>
    public float HaadfMin { get; }

    /// <summary>Largest HAADF value.</summary>
    public float HaadfMax { get; }

    /// <summary>HAADF level above which a pixel counts as particle: midway between the 5th and 95th percentiles.</summary>
    public float ParticleThreshold { get; }

    /// <summary>Extent of the recorded field, µm.</summary>
    public static double ExtentUm => Size * PixelSizeNm / 1000;

    /// <summary>Loads both recordings.</summary>
    /// <exception cref="RigUsageException">A file is missing or not of the expected dtype/shape.</exception>
    public static ReplayRecording Load(string dataDir)
    {
        string haadfPath = DataDirectoryResolver.RequireFile(dataDir, [.. Folder, "sio2_haadf.npy"]);
        string siPath = DataDirectoryResolver.RequireFile(dataDir, [.. Folder, "sio2_eds_si_uint16.npy.gz"]);
        var haadf = NpyArray.ReadFloat32(haadfPath, Size, Size);
        var si = NpyArray.ReadUInt16Gzip(siPath, Size, Size, Channels);
        return new ReplayRecording(haadf, si);
    }

    /// <summary>The 2048-channel spectrum of recorded pixel (row, col).</summary>
    public ReadOnlySpan<ushort> SpectrumAt(int row, int col) => SpectrumImage.AsSpan((row * Size + col) * Channels, Channels);
}
