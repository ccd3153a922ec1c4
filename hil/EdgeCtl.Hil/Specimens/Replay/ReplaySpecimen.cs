using System.Buffers;
using EdgeCtl.Hil.Numerics;
using EdgeCtl.Hil.Physics;
using EdgeCtl.Realtime;

namespace EdgeCtl.Hil.Specimens.Replay;

/// <summary>
/// The recorded SiO₂ specimen served as 2 × 2 tiles of 64 × 64 px (docs/rig.md, "Specimen replay").
/// Stage range = the recorded field (128 px × 8.552 nm = 1.0947 µm per side); the FoV snaps to the
/// tile nearest the stage position (beam-shift range = one tile, 0.5474 µm; preferred width 64).
/// <list type="bullet">
/// <item>Images: the measured HAADF pixel under each output pixel's centre (nearest neighbour),
/// u = round(1000 + 60000 · (v − min) / (max − min)) over the whole recording; bright field
/// 62000 − u; no noise, dwell does not change the values; outside the recording: the minimum.</item>
/// <item>EDX: the recorded spectra of the pixels whose centres lie within <see cref="ProbeRadiusPx"/>
/// px of the probe, summed; the recording has no live time, so each pixel's counts are taken as 1 s
/// of dwell: for t ≤ 1 s every count is kept with probability t (binomial thinning), for t &gt; 1 s a
/// channel with n counts gives Poisson(n·t).</item>
/// <item>EELS: elements (Si, O); on a particle (recorded HAADF at the probe ≥ the midpoint of its 5th
/// and 95th percentiles) the composition is the thin-film atomic fraction c_Si ∝ (N_Si + 1)/s_Si,
/// c_O ∝ (N_O + 1)/s_O (s = Q·ω of the K family, docs/edx-model.md), from the probe's
/// summed recorded Si Kα (1.64–1.90 keV) and O Kα (0.45–0.65 keV) counts, windows widened for the
/// recording's +25–50 eV calibration offset; y = target(c_Si, 1 − c_Si); off particles y = 0.</item>
/// </list>
/// </summary>
public sealed class ReplaySpecimen : ISpecimen
{
    /// <summary>Tiles per side of the recorded field.</summary>
    public const int TilesPerSide = 2;
    /// <summary>Tile width, px.</summary>
    public const int TilePx = ReplayRecording.Size / TilesPerSide;
    /// <summary>Radius of the EDX probe footprint, recorded pixels.</summary>
    public const double ProbeRadiusPx = 1.5;
    /// <summary>u16 level of the recording's minimum.</summary>
    public const double ImageLow = 1000;
    /// <summary>u16 span from the recording's minimum to its maximum.</summary>
    public const double ImageSpan = 60000;
    /// <summary>Bright field is this minus the HAADF level.</summary>
    public const double BrightFieldMirror = 62000;

    private const int SiLow = 164, SiHigh = 190, OLow = 45, OHigh = 65;

    private readonly ReplayRecording _recording;
    private readonly double _siSensitivity, _oSensitivity;

    private static double KSensitivity(XrayLineTable lines, string symbol)
    {
        foreach (var f in lines.Get(symbol).Families)
            if (f.Family == "K") return f.Sensitivity;
        throw new InvalidDataException($"The X-ray line table has no K family for {symbol}.");
    }

    /// <summary>Wraps a loaded recording.</summary>
    public ReplaySpecimen(ReplayRecording recording, XrayLineTable lines, long seed, int targetGaussians, double targetSigma)
    {
        _recording = recording;
        _siSensitivity = KSensitivity(lines, "Si");
        _oSensitivity = KSensitivity(lines, "O");
        Target = new HiddenTarget(Elements.Count, targetGaussians, targetSigma, new Xoshiro256(seed, stream: 2));
    }

    /// <inheritdoc />
    public string Name => "replay";
    /// <inheritdoc />
    public IReadOnlyList<string> Elements { get; } = ["Si", "O"];
    /// <inheritdoc />
    public double WidthUm => ReplayRecording.ExtentUm;
    /// <inheritdoc />
    public double HeightUm => ReplayRecording.ExtentUm;
    /// <summary>Tile width, µm.</summary>
    public static double TileUm => TilePx * ReplayRecording.PixelSizeNm / 1000;
    /// <inheritdoc />
    public double BeamShiftRangeUm => TileUm;
    /// <inheritdoc />
    public uint PreferredImageWidth => TilePx;
    /// <inheritdoc />
    public int? ParticleCount => null;
    /// <inheritdoc />
    public HiddenTarget Target { get; }

    /// <inheritdoc />
    public (double XUm, double YUm) FieldCentre(double stageXUm, double stageYUm)
    {
        int tx = Math.Clamp((int)Math.Floor(stageXUm / TileUm), 0, TilesPerSide - 1);
        int ty = Math.Clamp((int)Math.Floor(stageYUm / TileUm), 0, TilesPerSide - 1);
        return ((tx + 0.5) * TileUm, (ty + 0.5) * TileUm);
    }

    /// <inheritdoc />
    public double PixelSizeNm(double fovUm, int width) => TileUm * 1000 / width;

    /// <summary>The u16 HAADF level of a recorded value (double arithmetic, round half to even).</summary>
    public double HaadfLevel(float value) =>
        Math.Round(ImageLow + ImageSpan * ((double)value - _recording.HaadfMin) / ((double)_recording.HaadfMax - _recording.HaadfMin));

    /// <inheritdoc />
    public void RenderImage(DetectorKind detector, in ImageGeometry geometry, double dwellUs, Span<ushort> pixels, Xoshiro256 rng)
    {
        for (int row = 0; row < geometry.Height; row++)
        {
            int srcRow = RecordedRow(geometry.RowYUm(row));
            for (int col = 0; col < geometry.Width; col++)
            {
                int srcCol = RecordedColumn(geometry.ColumnXUm(col));
                float value = srcRow < 0 || srcCol < 0 ? _recording.HaadfMin : _recording.Haadf[srcRow * ReplayRecording.Size + srcCol];
                double level = HaadfLevel(value);
                pixels[row * geometry.Width + col] = (ushort)(detector == DetectorKind.Haadf ? level : BrightFieldMirror - level);
            }
        }
    }

    /// <inheritdoc />
    public void AcquireEdx(double probeXUm, double probeYUm, double seconds, Span<uint> counts, Xoshiro256 rng)
    {
        int[] summed = ArrayPool<int>.Shared.Rent(ReplayRecording.Channels);
        try
        {
            var sum = summed.AsSpan(0, ReplayRecording.Channels);
            SumFootprint(probeXUm, probeYUm, sum);
            for (int i = 0; i < counts.Length; i++)
            {
                long n = sum[i];
                counts[i] = (uint)(seconds <= 1 ? Sampling.Binomial(rng, n, seconds) : Sampling.Poisson(rng, n * seconds));
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(summed);
        }
    }

    /// <inheritdoc />
    public double EelsTargetAt(double probeXUm, double probeYUm)
    {
        int row = RecordedRow(probeYUm), col = RecordedColumn(probeXUm);
        if (row < 0 || col < 0 || _recording.Haadf[row * ReplayRecording.Size + col] < _recording.ParticleThreshold) return 0;
        int[] summed = ArrayPool<int>.Shared.Rent(ReplayRecording.Channels);
        try
        {
            var sum = summed.AsSpan(0, ReplayRecording.Channels);
            SumFootprint(probeXUm, probeYUm, sum);
            double si = 0, o = 0;
            for (int i = SiLow; i <= SiHigh; i++) si += sum[i];
            for (int i = OLow; i <= OHigh; i++) o += sum[i];
            // Thin-film atomic fractions, as the quantifier measures them (docs/edx-model.md): counts / (Q·ω).
            double nSi = (si + 1) / _siSensitivity, nO = (o + 1) / _oSensitivity;
            double cSi = nSi / (nSi + nO);
            ReadOnlySpan<double> c = [cSi, 1 - cSi];
            return Target.Evaluate(c);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(summed);
        }
    }

    /// <summary>Recorded row under y (µm), or −1 outside the recording.</summary>
    private static int RecordedRow(double yUm)
    {
        double r = Math.Floor((ReplayRecording.ExtentUm - yUm) * 1000 / ReplayRecording.PixelSizeNm);
        return r is >= 0 and < ReplayRecording.Size ? (int)r : -1;
    }

    /// <summary>Recorded column under x (µm), or −1 outside the recording.</summary>
    private static int RecordedColumn(double xUm)
    {
        double c = Math.Floor(xUm * 1000 / ReplayRecording.PixelSizeNm);
        return c is >= 0 and < ReplayRecording.Size ? (int)c : -1;
    }

    /// <summary>Sums the recorded spectra of pixels whose centres are within the probe radius.</summary>
    private void SumFootprint(double xUm, double yUm, Span<int> sum)
    {
        sum.Clear();
        double u = xUm * 1000 / ReplayRecording.PixelSizeNm - 0.5;              // column, pixel-centre coordinates
        double v = (ReplayRecording.ExtentUm - yUm) * 1000 / ReplayRecording.PixelSizeNm - 0.5; // row
        int c0 = Math.Max(0, (int)Math.Ceiling(u - ProbeRadiusPx)), c1 = Math.Min(ReplayRecording.Size - 1, (int)Math.Floor(u + ProbeRadiusPx));
        int r0 = Math.Max(0, (int)Math.Ceiling(v - ProbeRadiusPx)), r1 = Math.Min(ReplayRecording.Size - 1, (int)Math.Floor(v + ProbeRadiusPx));
        for (int row = r0; row <= r1; row++)
            for (int col = c0; col <= c1; col++)
            {
                double du = col - u, dv = row - v;
                if (du * du + dv * dv > ProbeRadiusPx * ProbeRadiusPx) continue;
                var spectrum = _recording.SpectrumAt(row, col);
                for (int i = 0; i < sum.Length; i++) sum[i] += spectrum[i];
            }
    }
}
