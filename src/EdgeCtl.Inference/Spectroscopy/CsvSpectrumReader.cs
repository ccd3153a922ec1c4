using System.Globalization;
using EdgeCtl.Realtime;

namespace EdgeCtl.Inference.Spectroscopy;

/// <summary>
/// Reads the two-column CSV spectra of the shared converted data: header <c>energy_keV,counts</c> (EDX),
/// <c>energy_eV,counts</c> (EDX, converted to keV) or <c>energy_loss_eV,counts</c> (EELS), then one
/// <c>energy,counts</c> row per channel.
/// </summary>
/// <remarks>
/// Calibration: the offset is the first row's energy and the provisional gain the difference of the first two rows.
/// Every step between consecutive rows must equal that gain within 2 % of a channel plus the rounding of the printed
/// values (the files print 6 decimals); the final gain is then taken from the first and last rows (the same line with
/// ~n times less rounding error) and every row must lie on it within 2 % of a channel plus the print rounding. A non-linear axis, a non-finite or negative count,
/// fewer than two rows or a wrong header is a <see cref="SpectrumFormatException"/>.
/// </remarks>
public static class CsvSpectrumReader
{
    /// <summary>Parses CSV text.</summary>
    /// <param name="reader">CSV text.</param>
    /// <param name="sourceName">Name of the input for messages.</param>
    /// <param name="kind">Expected kind; null infers it from the header (energy_loss → EELS, otherwise EDX).</param>
    /// <returns>A spectrum with <see cref="Spectrum.Channels"/> = number of data rows.</returns>
    /// <exception cref="SpectrumFormatException">Malformed input.</exception>
    public static Spectrum Read(TextReader reader, string sourceName, SpectrumKind? kind = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var inv = CultureInfo.InvariantCulture;
        string? header = reader.ReadLine();
        if (header is null) throw new SpectrumFormatException(sourceName, 0, "empty file (expected a header 'energy_keV,counts' or 'energy_loss_eV,counts').");
        var h = header.Trim().TrimStart('\uFEFF').Split(',');
        if (h.Length != 2 || !h[1].Trim().Equals("counts", StringComparison.OrdinalIgnoreCase))
            throw new SpectrumFormatException(sourceName, 1, $"expected header 'energy_keV,counts' or 'energy_loss_eV,counts', found '{header}'.");
        string col = h[0].Trim().ToLowerInvariant();
        (SpectrumKind headerKind, double toAxisUnits) = col switch
        {
            "energy_kev" => (SpectrumKind.Edx, 1.0),
            "energy_ev" => (SpectrumKind.Edx, 1e-3),
            "energy_loss_ev" => (SpectrumKind.Eels, 1.0),
            _ => throw new SpectrumFormatException(sourceName, 1, $"unknown energy column '{h[0]}' (expected energy_keV, energy_eV or energy_loss_eV)."),
        };
        var k = kind ?? headerKind;
        if (k == SpectrumKind.Eels && col != "energy_loss_ev")
            throw new SpectrumFormatException(sourceName, 1, $"EELS spectrum requested but the energy column is '{h[0]}' (expected energy_loss_eV).");
        if (k == SpectrumKind.Edx && col == "energy_loss_ev")
            throw new SpectrumFormatException(sourceName, 1, "EDX spectrum requested but the file holds an energy-loss (EELS) axis.");

        var energies = new List<double>(4096);
        var counts = new List<double>(4096);
        int decimals = 0;
        string? line;
        int lineNo = 1;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            int comma = line.IndexOf(',');
            if (comma < 0 || line.IndexOf(',', comma + 1) >= 0)
                throw new SpectrumFormatException(sourceName, lineNo, $"expected two comma-separated values, found '{line}'.");
            var es = line.AsSpan(0, comma).Trim();
            var cs = line.AsSpan(comma + 1).Trim();
            if (!double.TryParse(es, NumberStyles.Float, inv, out double e) || !double.IsFinite(e))
                throw new SpectrumFormatException(sourceName, lineNo, $"energy '{es}' is not a finite number.");
            if (!double.TryParse(cs, NumberStyles.Float, inv, out double c) || !double.IsFinite(c))
                throw new SpectrumFormatException(sourceName, lineNo, $"counts '{cs}' is not a finite number.");
            if (c < 0) throw new SpectrumFormatException(sourceName, lineNo, $"counts {c} is negative.");
            if (energies.Count < 2)
            {
                int dot = es.IndexOf('.');
                int d = dot < 0 || es.IndexOfAny('e', 'E') >= 0 ? 6 : es.Length - dot - 1;
                decimals = Math.Max(decimals, d);
            }
            energies.Add(e * toAxisUnits);
            counts.Add(c);
        }
        if (energies.Count < 2) throw new SpectrumFormatException(sourceName, 0, $"need at least two data rows, found {energies.Count}.");
        if (energies.Count > 65536) throw new SpectrumFormatException(sourceName, 0, $"{energies.Count} channels exceed the 65536 supported.");

        double offset = energies[0];
        double scale = energies[1] - energies[0];
        if (!(scale > 0)) throw new SpectrumFormatException(sourceName, 3, $"energy must increase (rows 1-2 give a step of {scale}).");
        double printUlp = Math.Pow(10, -decimals) * toAxisUnits;
        for (int i = 2; i < energies.Count; i++)
        {
            double step = energies[i] - energies[i - 1];
            if (Math.Abs(step - scale) > 2 * printUlp + 0.02 * scale)
                throw new SpectrumFormatException(sourceName, 0,
                    $"energy axis is not linear: step {step:R} between rows {i} and {i + 1}, expected {scale:R} from the first two rows.");
        }
        scale = (energies[^1] - offset) / (energies.Count - 1);
        for (int i = 1; i < energies.Count - 1; i++)
        {
            double expected = offset + i * scale;
            if (Math.Abs(energies[i] - expected) > printUlp + 0.02 * scale)
                throw new SpectrumFormatException(sourceName, 0,
                    $"energy axis is not linear: row {i + 1} has {energies[i]:R}, expected {expected:R} on the line through the first and last rows.");
        }

        var s = new Spectrum(k, energies.Count, offset, scale);
        var dst = s.Counts;
        for (int i = 0; i < dst.Length; i++) dst[i] = counts[i];
        return s;
    }
}
