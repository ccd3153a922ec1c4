using System.Text.Json;
using EdgeCtl.Hil.Cli;

namespace EdgeCtl.Hil.Physics;

/// <summary>
/// The X-ray line and edge table of docs/edx-model.md, read from
/// <c>xray-lines-eels-edges/xraydb_public_domain/xray_lines_and_edges_xraydb.json</c> under the
/// data directory (Elam, Ravel &amp; Sieber 2002; public domain), reduced to the families the model
/// uses: for F ∈ {K, L, M} the main subshell S(F) = K, L3, M5 and the lines whose
/// <c>initial_level</c> is exactly that subshell, excited when U = E0/E_c &gt; 1.05 and the strongest
/// line is ≥ 0.2 keV.
/// </summary>
public sealed class XrayLineTable
{
    /// <summary>Path of the table below the data directory.</summary>
    public static readonly string[] RelativePath = ["xray-lines-eels-edges", "xraydb_public_domain", "xray_lines_and_edges_xraydb.json"];

    /// <summary>Lowest overvoltage at which a family is counted as excited.</summary>
    public const double MinimumOvervoltage = 1.05;

    /// <summary>Lines below this energy (keV) are absorbed by the detector window: such families are skipped.</summary>
    public const double MinimumLineKeV = 0.2;

    private static readonly (string Family, string Subshell)[] MainSubshells = [("K", "K"), ("L", "L3"), ("M", "M5")];

    private readonly Dictionary<string, XrayElement> _elements;

    private XrayLineTable(Dictionary<string, XrayElement> elements, double beamEnergyKeV)
    {
        _elements = elements;
        BeamEnergyKeV = beamEnergyKeV;
    }

    /// <summary>Beam energy E0, keV (200 unless configured).</summary>
    public double BeamEnergyKeV { get; }

    /// <summary>Loads the table from the data directory.</summary>
    /// <exception cref="RigUsageException">The file is missing or not the expected JSON shape.</exception>
    public static XrayLineTable Load(string dataDir, double beamEnergyKeV = 200)
    {
        string path = DataDirectoryResolver.RequireFile(dataDir, RelativePath);
        XrayDbFile? file;
        try
        {
            using var stream = File.OpenRead(path);
            file = JsonSerializer.Deserialize(stream, XrayDbJsonContext.Default.XrayDbFile);
        }
        catch (JsonException e)
        {
            throw new RigUsageException($"X-ray line table '{path}' is not valid JSON: {e.Message}");
        }
        if (file?.Elements is null || file.Elements.Count == 0)
            throw new RigUsageException($"X-ray line table '{path}' has no \"elements\" object");

        var elements = new Dictionary<string, XrayElement>(StringComparer.Ordinal);
        foreach (var (symbol, raw) in file.Elements)
            elements[symbol] = new XrayElement(symbol, raw.Z, BuildFamilies(raw, beamEnergyKeV));
        return new XrayLineTable(elements, beamEnergyKeV);
    }

    /// <summary>The element <paramref name="symbol"/>.</summary>
    /// <exception cref="RigUsageException">The symbol is not in the table or has no detectable family.</exception>
    public XrayElement Get(string symbol)
    {
        if (!_elements.TryGetValue(symbol, out var element))
            throw new RigUsageException($"element '{symbol}' is not in the X-ray line table (XrayDB covers Li..Cf)");
        if (element.Families.Count == 0)
            throw new RigUsageException(
                $"element '{symbol}' has no X-ray family (K, L3, M5) with a line ≥ {MinimumLineKeV} keV excited at {BeamEnergyKeV} keV: EDX cannot see it");
        return element;
    }

    private static List<XrayFamily> BuildFamilies(XrayDbElement raw, double e0KeV)
    {
        var families = new List<XrayFamily>(3);
        if (raw.XrayLines is null || raw.AbsorptionEdges is null) return families;
        foreach (var (family, subshell) in MainSubshells)
        {
            if (!raw.AbsorptionEdges.TryGetValue(subshell, out var edge) || !(edge.EnergyEv > 0)) continue;
            double ecKeV = edge.EnergyEv / 1000.0;
            double u = e0KeV / ecKeV;
            if (!(u > MinimumOvervoltage)) continue;

            var lines = new List<XrayLine>();
            double total = 0, strongestShare = -1, strongestEnergy = 0;
            foreach (var (name, line) in raw.XrayLines)
            {
                if (!string.Equals(line.InitialLevel, subshell, StringComparison.Ordinal) || !(line.RelativeIntensity > 0)) continue;
                lines.Add(new XrayLine(name, line.EnergyKeV, line.RelativeIntensity));
                total += line.RelativeIntensity;
                if (line.RelativeIntensity > strongestShare)
                {
                    strongestShare = line.RelativeIntensity;
                    strongestEnergy = line.EnergyKeV;
                }
            }
            if (lines.Count == 0 || strongestEnergy < MinimumLineKeV) continue;
            for (int i = 0; i < lines.Count; i++)
                lines[i] = lines[i] with { Share = lines[i].Share / total };
            double q = Math.Log(u) / (u * ecKeV * ecKeV);
            families.Add(new XrayFamily(family, subshell, ecKeV, u, edge.FluorescenceYield, q, lines));
        }
        return families;
    }
}
