using System.Buffers;

namespace EdgeCtl.Realtime;

/// <summary>
/// A measured spectrum: <see cref="Channels"/> counts on a linear energy axis
/// E(i) = <see cref="Offset"/> + i × <see cref="Scale"/>, in keV for EDX and eV for EELS.
/// Counts live in a buffer rented from <see cref="ArrayPool{T}.Shared"/>; Dispose returns it.
/// </summary>
public sealed class Spectrum : IDisposable
{
    private double[]? _counts;

    /// <summary>Rents a spectrum of <paramref name="channels"/> channels (1..65536).</summary>
    public Spectrum(SpectrumKind kind, int channels, double offset, double scale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channels, 65536);
        if (!(scale > 0) || !double.IsFinite(offset))
            throw new ArgumentException($"Spectrum axis must have finite offset and positive scale (offset={offset}, scale={scale}).");
        Kind = kind;
        Channels = channels;
        Offset = offset;
        Scale = scale;
        _counts = ArrayPool<double>.Shared.Rent(channels);
        Array.Clear(_counts, 0, channels);
    }

    /// <summary>EDX (keV axis) or EELS (eV axis).</summary>
    public SpectrumKind Kind { get; }
    /// <summary>Number of channels.</summary>
    public int Channels { get; }
    /// <summary>Energy of channel 0: keV (EDX) or eV (EELS).</summary>
    public double Offset { get; }
    /// <summary>Channel width: keV (EDX) or eV (EELS).</summary>
    public double Scale { get; }
    /// <summary>Live (acquisition) time, s; 0 when unknown.</summary>
    public double LiveSeconds { get; set; }
    /// <summary>Instrument time at the end of the acquisition, s.</summary>
    public double InstrumentSeconds { get; set; }

    /// <summary>Counts per channel.</summary>
    public Span<double> Counts => (_counts ?? throw new ObjectDisposedException(nameof(Spectrum))).AsSpan(0, Channels);

    /// <summary>Energy at the centre of channel <paramref name="i"/>.</summary>
    public double Energy(int i) => Offset + i * Scale;

    /// <summary>Channel index nearest to <paramref name="energy"/> (may be outside 0..Channels-1).</summary>
    public int Channel(double energy) => (int)Math.Round((energy - Offset) / Scale);

    /// <inheritdoc />
    public void Dispose()
    {
        var b = Interlocked.Exchange(ref _counts, null);
        if (b is not null) ArrayPool<double>.Shared.Return(b);
    }
}
