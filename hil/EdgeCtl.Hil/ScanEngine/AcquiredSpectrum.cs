using System.Buffers;
using EdgeCtl.Realtime;

namespace EdgeCtl.Hil.ScanEngine;

/// <summary>An acquired spectrum (Spectrum reply fields), counts in a rented buffer returned by Dispose.</summary>
public sealed class AcquiredSpectrum : IDisposable
{
    private uint[]? _counts;

    /// <summary>Rents the counts buffer.</summary>
    public AcquiredSpectrum(SpectrumKind kind, int channels, double offset, double scale)
    {
        Kind = kind;
        Channels = channels;
        Offset = offset;
        Scale = scale;
        _counts = ArrayPool<uint>.Shared.Rent(channels);
    }

    /// <summary>EDX or EELS.</summary>
    public SpectrumKind Kind { get; }
    /// <summary>Channels.</summary>
    public int Channels { get; }
    /// <summary>Energy of channel 0: keV (EDX) or eV (EELS).</summary>
    public double Offset { get; }
    /// <summary>Channel width: keV (EDX) or eV (EELS).</summary>
    public double Scale { get; }
    /// <summary>Live seconds.</summary>
    public double LiveSeconds { get; init; }
    /// <summary>T at the end of the acquisition, s.</summary>
    public double EndSeconds { get; set; }
    /// <summary>The counts.</summary>
    public Span<uint> Counts => (_counts ?? throw new ObjectDisposedException(nameof(AcquiredSpectrum))).AsSpan(0, Channels);

    /// <inheritdoc />
    public void Dispose()
    {
        var c = Interlocked.Exchange(ref _counts, null);
        if (c is not null) ArrayPool<uint>.Shared.Return(c);
    }
}
