using System.Globalization;
using EdgeCtl.Realtime;

namespace EdgeCtl.Inference.Spectroscopy;

/// <summary>
/// Reads EMSA/MAS spectral data files (ISO 22029:2012, ".msa"/".emsa"): keyword lines <c>#KEYWORD [-unit]: value</c>,
/// then <c>#SPECTRUM</c>, the data, and <c>#ENDOFDATA</c>.
/// </summary>
/// <remarks>
/// Keywords used: #NPOINTS (required), #XUNITS (keV or eV; default eV per the standard), #OFFSET and #XPERCHAN
/// (required for Y data), #DATATYPE (Y, the default, or XY), #SIGNALTYPE (EDS/EDX/XRF → EDX; ELS/EELS → EELS),
/// #LIVETIME (s, optional). Y data may hold several values per line separated by commas and/or blanks (#NCOLUMNS);
/// XY data holds one "x, y" pair per line, and the axis is taken from its first two x values and checked to be
/// linear. EDX spectra are returned in keV (an eV axis is divided by 1000), EELS in eV. The number of values must
/// equal #NPOINTS; counts must be finite and non-negative.
/// </remarks>
public static class MsaSpectrumReader
{
    /// <summary>Parses MSA text.</summary>
    /// <param name="reader">MSA text.</param>
    /// <param name="sourceName">Name of the input for messages.</param>
    /// <param name="kind">Forces EDX or EELS; null infers it from #SIGNALTYPE (absent → EDX).</param>
    /// <exception cref="SpectrumFormatException">Malformed input.</exception>
    public static Spectrum Read(TextReader reader, string sourceName, SpectrumKind? kind = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var inv = CultureInfo.InvariantCulture;
        var keys = new Dictionary<string, (string Value, int Line)>(StringComparer.OrdinalIgnoreCase);
        string? line;
        int lineNo = 0;
        bool inData = false, ended = false;
        var xs = new List<double>();
        var ys = new List<double>();
        bool xy = false;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            var t = line.AsSpan().Trim();
            if (t.IsEmpty) continue;
            if (t[0] == '#')
            {
                int colon = t.IndexOf(':');
                var keyPart = (colon < 0 ? t[1..] : t[1..colon]).Trim();
                int cut = keyPart.IndexOfAny(' ', '\t', '-');
                string key = (cut < 0 ? keyPart : keyPart[..cut]).ToString().ToUpperInvariant();
                string value = colon < 0 ? "" : t[(colon + 1)..].Trim().ToString();
                if (key == "SPECTRUM")
                {
                    if (inData) throw new SpectrumFormatException(sourceName, lineNo, "second #SPECTRUM keyword.");
                    inData = true;
                    xy = keys.TryGetValue("DATATYPE", out var dt) && dt.Value.Trim().Equals("XY", StringComparison.OrdinalIgnoreCase);
                    continue;
                }
                if (key == "ENDOFDATA") { ended = true; break; }
                if (inData) continue; // e.g. #CHECKSUM inside data is tolerated
                keys[key] = (value, lineNo);
                continue;
            }
            if (!inData) throw new SpectrumFormatException(sourceName, lineNo, $"data line before #SPECTRUM: '{line}'.");
            var fields = line.Split([',', ' ', '\t', ';'], StringSplitOptions.RemoveEmptyEntries);
            if (xy && fields.Length != 2)
                throw new SpectrumFormatException(sourceName, lineNo, $"XY data needs two values per line, found {fields.Length}: '{line}'.");
            for (int i = 0; i < fields.Length; i++)
            {
                if (!double.TryParse(fields[i], NumberStyles.Float, inv, out double v) || !double.IsFinite(v))
                    throw new SpectrumFormatException(sourceName, lineNo, $"value '{fields[i]}' is not a finite number.");
                if (xy && i == 0) { xs.Add(v); continue; }
                if (v < 0) throw new SpectrumFormatException(sourceName, lineNo, $"count {v} is negative.");
                ys.Add(v);
            }
        }
        if (!inData) throw new SpectrumFormatException(sourceName, 0, "no #SPECTRUM keyword: not an EMSA/MSA file.");
        if (!ended) throw new SpectrumFormatException(sourceName, 0, "missing #ENDOFDATA (truncated file?).");

        int n = (int)Math.Round(Number("NPOINTS", required: true));
        if (n < 1 || n > 65536) throw new SpectrumFormatException(sourceName, keys["NPOINTS"].Line, $"#NPOINTS {n} outside 1..65536.");
        if (ys.Count != n) throw new SpectrumFormatException(sourceName, 0, $"#NPOINTS is {n} but {ys.Count} data values were read.");

        string units = keys.TryGetValue("XUNITS", out var u) ? u.Value.Trim() : "eV";
        double unitKeV = units.ToLowerInvariant() switch
        {
            "kev" => 1.0,
            "ev" => 1e-3,
            _ => throw new SpectrumFormatException(sourceName, u.Line, $"#XUNITS '{units}' not supported (expected keV or eV)."),
        };
        SpectrumKind k = kind ?? (keys.TryGetValue("SIGNALTYPE", out var st) ? st.Value.Trim().ToUpperInvariant() switch
        {
            "EDS" or "EDX" or "XRF" or "WDS" => SpectrumKind.Edx,
            "ELS" or "EELS" => SpectrumKind.Eels,
            var other => throw new SpectrumFormatException(sourceName, st.Line, $"#SIGNALTYPE '{other}' is neither EDS nor ELS; pass the kind explicitly."),
        } : SpectrumKind.Edx);
        double toAxis = k == SpectrumKind.Edx ? unitKeV : unitKeV * 1000.0; // EDX in keV, EELS in eV

        double offset, scale;
        if (xy)
        {
            if (n < 2) throw new SpectrumFormatException(sourceName, 0, "XY data needs at least two points.");
            offset = xs[0];
            scale = xs[1] - xs[0];
            if (!(scale > 0)) throw new SpectrumFormatException(sourceName, 0, "XY data: x must increase.");
            for (int i = 2; i < n; i++)
                if (Math.Abs(xs[i] - (offset + i * scale)) > 0.02 * scale + 1e-6 * Math.Abs(xs[i]) * i)
                    throw new SpectrumFormatException(sourceName, 0, $"XY data: x axis is not linear at point {i + 1} ({xs[i]:R}, expected {offset + i * scale:R}).");
            scale = (xs[^1] - offset) / (n - 1);
        }
        else
        {
            offset = Number("OFFSET", required: true);
            scale = Number("XPERCHAN", required: true);
            if (!(scale > 0)) throw new SpectrumFormatException(sourceName, keys["XPERCHAN"].Line, $"#XPERCHAN must be positive, found {scale}.");
        }

        var s = new Spectrum(k, n, offset * toAxis, scale * toAxis);
        if (keys.ContainsKey("LIVETIME"))
        {
            double live = Number("LIVETIME", required: true);
            if (live >= 0) s.LiveSeconds = live;
        }
        var dst = s.Counts;
        for (int i = 0; i < n; i++) dst[i] = ys[i];
        return s;

        double Number(string key, bool required)
        {
            if (!keys.TryGetValue(key, out var kv))
                return required ? throw new SpectrumFormatException(sourceName, 0, $"required keyword #{key} is missing.") : double.NaN;
            if (!double.TryParse(kv.Value.Trim(), NumberStyles.Float, inv, out double v) || !double.IsFinite(v))
                throw new SpectrumFormatException(sourceName, kv.Line, $"#{key} value '{kv.Value}' is not a finite number.");
            return v;
        }
    }
}
