using System.Globalization;

namespace EdgeCtl.Inference.Spectroscopy;

/// <summary>
/// X-ray line energies, relative intensities, edge energies and fluorescence yields for Z = 4..92,
/// loaded from the embedded resource <c>EdgeCtl.Inference.Spectroscopy.Data.xray-lines.csv</c>
/// (derived from public-domain XrayDB: Elam, Ravel &amp; Sieber, Radiat. Phys. Chem. 63 (2002) 121;
/// derivation in <c>Spectroscopy/Data/README.md</c>). Immutable and thread-safe once built.
/// </summary>
public sealed class XRayLineTable
{
    /// <summary>Logical name of the embedded table.</summary>
    public const string ResourceName = "EdgeCtl.Inference.Spectroscopy.Data.xray-lines.csv";

    private static readonly Lazy<XRayLineTable> s_default = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Dictionary<string, XRayElement> _bySymbol;
    private readonly XRayElement?[] _byZ;

    private XRayLineTable(Dictionary<string, XRayElement> bySymbol)
    {
        _bySymbol = bySymbol;
        _byZ = new XRayElement?[120];
        var list = new List<XRayElement>(bySymbol.Values);
        list.Sort(static (a, b) => a.Z.CompareTo(b.Z));
        foreach (var e in list) _byZ[e.Z] = e;
        Elements = list;
    }

    /// <summary>The table embedded in this assembly (loaded once, on first use).</summary>
    /// <exception cref="InvalidDataException">The embedded resource is missing or corrupt (a build defect).</exception>
    public static XRayLineTable Default => s_default.Value;

    /// <summary>All elements, by increasing Z.</summary>
    public IReadOnlyList<XRayElement> Elements { get; }

    /// <summary>The element with chemical symbol <paramref name="symbol"/> (exact case, e.g. "Fe").</summary>
    /// <exception cref="ArgumentException">The symbol is not in the table (Z = 4..92).</exception>
    public XRayElement this[string symbol] => TryGet(symbol, out var e)
        ? e
        : throw new ArgumentException($"Unknown element '{symbol}': the X-ray line table covers Z = 4 (Be) .. 92 (U), symbols in standard case (e.g. 'Fe').", nameof(symbol));

    /// <summary>The element with atomic number <paramref name="z"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Z outside the table.</exception>
    public XRayElement ByZ(int z) => z >= 0 && z < _byZ.Length && _byZ[z] is { } e
        ? e
        : throw new ArgumentOutOfRangeException(nameof(z), z, "Atomic number outside the X-ray line table (4..92).");

    /// <summary>Looks up an element by symbol without throwing.</summary>
    public bool TryGet(string symbol, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out XRayElement? element)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        return _bySymbol.TryGetValue(symbol, out element);
    }

    /// <summary>The main subshell of <paramref name="family"/> for <paramref name="symbol"/>, or null when the element has none.</summary>
    /// <exception cref="ArgumentException">Unknown element.</exception>
    public XRaySubshellLines? Family(string symbol, XRayFamily family) => this[symbol].Family(family);

    /// <summary>
    /// Parses a table in the <c>xray-lines.csv</c> format: optional leading <c>#</c> comment lines, the header
    /// <c>element,z,atomic_mass,subshell,edge_kev,fluorescence_yield,line,line_kev,relative_intensity</c>, one line per row.
    /// </summary>
    /// <param name="reader">Table text.</param>
    /// <param name="sourceName">Name used in error messages.</param>
    /// <exception cref="InvalidDataException">Wrong header, wrong column count, unparsable or non-physical numbers (message names the source and line).</exception>
    public static XRayLineTable Parse(TextReader reader, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        const string Header = "element,z,atomic_mass,subshell,edge_kev,fluorescence_yield,line,line_kev,relative_intensity";
        string? line;
        int lineNo = 0;
        do { line = reader.ReadLine(); lineNo++; } while (line is not null && line.StartsWith('#'));
        if (line?.Trim() != Header)
            throw new InvalidDataException($"{sourceName}: line {lineNo}: expected header '{Header}'.");

        // element -> subshell -> (edge, omega, lines)
        var raw = new Dictionary<string, (int Z, double Mass, SortedDictionary<XRaySubshell, (double Edge, double Omega, List<(string Name, double E, double I)> Lines)> Shells)>(StringComparer.Ordinal);
        var inv = CultureInfo.InvariantCulture;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var f = line.Split(',');
            if (f.Length != 9)
                throw new InvalidDataException($"{sourceName}: line {lineNo}: expected 9 comma-separated fields, found {f.Length}.");
            try
            {
                string sym = f[0];
                int z = int.Parse(f[1], NumberStyles.Integer, inv);
                double mass = double.Parse(f[2], NumberStyles.Float, inv);
                var shell = XRaySubshellExtensions.Parse(f[3]);
                double edge = double.Parse(f[4], NumberStyles.Float, inv);
                double omega = double.Parse(f[5], NumberStyles.Float, inv);
                double e = double.Parse(f[7], NumberStyles.Float, inv);
                double rel = double.Parse(f[8], NumberStyles.Float, inv);
                if (sym.Length is 0 or > 2 || z is < 1 or > 118 || !(mass > 0) || !(edge > 0) || !(omega >= 0 && omega <= 1) || !(e > 0) || !(rel >= 0))
                    throw new FormatException("value out of physical range");
                if (!raw.TryGetValue(sym, out var el))
                {
                    el = (z, mass, new());
                    raw[sym] = el;
                }
                else if (el.Z != z)
                    throw new FormatException($"element {sym} listed with Z {el.Z} and {z}");
                if (!el.Shells.TryGetValue(shell, out var s))
                {
                    s = (edge, omega, new());
                    el.Shells[shell] = s;
                }
                s.Lines.Add((f[6], e, rel));
            }
            catch (FormatException ex)
            {
                throw new InvalidDataException($"{sourceName}: line {lineNo}: {ex.Message}: '{line}'.", ex);
            }
        }
        if (raw.Count == 0) throw new InvalidDataException($"{sourceName}: no data rows.");

        var bySymbol = new Dictionary<string, XRayElement>(raw.Count, StringComparer.Ordinal);
        foreach (var (sym, el) in raw)
        {
            var shells = new List<XRaySubshellLines>(el.Shells.Count);
            foreach (var (shell, s) in el.Shells)
            {
                double sum = 0;
                foreach (var l in s.Lines) sum += l.I;
                if (!(sum > 0)) continue; // no emission from this subshell
                s.Lines.Sort(static (a, b) => b.E.CompareTo(a.E));
                var lines = new XRayLine[s.Lines.Count];
                for (int i = 0; i < lines.Length; i++)
                    lines[i] = new XRayLine(s.Lines[i].Name, s.Lines[i].E, s.Lines[i].I, s.Lines[i].I / sum);
                shells.Add(new XRaySubshellLines(sym, el.Z, shell, s.Edge, s.Omega, lines));
            }
            bySymbol[sym] = new XRayElement(sym, el.Z, el.Mass, shells.ToArray());
        }
        return new XRayLineTable(bySymbol);
    }

    private static XRayLineTable LoadEmbedded()
    {
        using var stream = typeof(XRayLineTable).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidDataException($"Embedded resource '{ResourceName}' is missing from {typeof(XRayLineTable).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return Parse(reader, ResourceName);
    }
}
