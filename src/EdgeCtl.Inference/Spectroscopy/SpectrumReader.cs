using EdgeCtl.Realtime;

namespace EdgeCtl.Inference.Spectroscopy;

/// <summary>
/// Reads a spectrum file into a <see cref="Spectrum"/> (EDX axis in keV, EELS axis in eV), choosing the format by
/// extension: <c>.csv</c> → <see cref="CsvSpectrumReader"/>; <c>.msa</c>, <c>.emsa</c>, <c>.txt</c> →
/// <see cref="MsaSpectrumReader"/> (ISO 22029). The caller owns (and disposes) the returned spectrum.
/// </summary>
public static class SpectrumReader
{
    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <param name="path">File path.</param>
    /// <param name="kind">Forces EDX or EELS; null infers it from the CSV header or the MSA #SIGNALTYPE/#XUNITS.</param>
    /// <exception cref="SpectrumFormatException">Malformed content (names the file and line).</exception>
    /// <exception cref="ArgumentException">Unsupported extension.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Spectrum Read(string path, SpectrumKind? kind = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string ext = Path.GetExtension(path).ToLowerInvariant();
        using var reader = new StreamReader(path);
        return ext switch
        {
            ".csv" => CsvSpectrumReader.Read(reader, path, kind),
            ".msa" or ".emsa" or ".txt" => MsaSpectrumReader.Read(reader, path, kind),
            _ => throw new ArgumentException($"Unsupported spectrum file '{path}': expected .csv, .msa or .emsa.", nameof(path)),
        };
    }
}
