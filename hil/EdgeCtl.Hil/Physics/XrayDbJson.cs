using System.Text.Json.Serialization;

namespace EdgeCtl.Hil.Physics;

/// <summary>
/// Shape of <c>xray-lines-eels-edges/xraydb_public_domain/xray_lines_and_edges_xraydb.json</c>
/// (XrayDB v8.1, Elam, Ravel &amp; Sieber 2002): <c>{"elements": {symbol: element}}</c>.
/// </summary>
internal sealed class XrayDbFile
{
    [JsonPropertyName("elements")]
    public Dictionary<string, XrayDbElement>? Elements { get; set; }
}

/// <summary>One element: atomic number, emission lines by Siegbahn name, absorption edges by subshell.</summary>
internal sealed class XrayDbElement
{
    [JsonPropertyName("Z")]
    public int Z { get; set; }

    [JsonPropertyName("xray_lines")]
    public Dictionary<string, XrayDbLine>? XrayLines { get; set; }

    [JsonPropertyName("absorption_edges")]
    public Dictionary<string, XrayDbEdge>? AbsorptionEdges { get; set; }
}

/// <summary>An emission line: energy (keV), intensity relative within its initial vacancy level, levels.</summary>
internal sealed class XrayDbLine
{
    [JsonPropertyName("energy_keV")]
    public double EnergyKeV { get; set; }

    [JsonPropertyName("intensity_relative_within_initial_level")]
    public double RelativeIntensity { get; set; }

    [JsonPropertyName("initial_level")]
    public string? InitialLevel { get; set; }
}

/// <summary>An absorption edge: binding energy (eV) and fluorescence yield ω of the subshell.</summary>
internal sealed class XrayDbEdge
{
    [JsonPropertyName("energy_eV")]
    public double EnergyEv { get; set; }

    [JsonPropertyName("fluorescence_yield")]
    public double FluorescenceYield { get; set; }
}

/// <summary>System.Text.Json source generation for the XrayDB file (AOT-safe, no reflection).</summary>
[JsonSerializable(typeof(XrayDbFile))]
internal sealed partial class XrayDbJsonContext : JsonSerializerContext;
