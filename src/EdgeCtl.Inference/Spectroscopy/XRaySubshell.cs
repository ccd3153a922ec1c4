namespace EdgeCtl.Inference.Spectroscopy;

/// <summary>
/// Initial vacancy subshell of an X-ray line (the ionised level), as tabulated by Elam, Ravel &amp; Sieber (2002).
/// Only the subshells kept in <c>Data/xray-lines.csv</c> appear.
/// </summary>
public enum XRaySubshell : byte
{
    /// <summary>1s.</summary>
    K = 0,
    /// <summary>2s.</summary>
    L1 = 1,
    /// <summary>2p1/2.</summary>
    L2 = 2,
    /// <summary>2p3/2 — main subshell of the L family.</summary>
    L3 = 3,
    /// <summary>3s.</summary>
    M1 = 4,
    /// <summary>3p1/2.</summary>
    M2 = 5,
    /// <summary>3p3/2.</summary>
    M3 = 6,
    /// <summary>3d3/2.</summary>
    M4 = 7,
    /// <summary>3d5/2 — main subshell of the M family.</summary>
    M5 = 8,
}

/// <summary>X-ray line family (K, L, M) as used for quantification (docs/edx-model.md).</summary>
public enum XRayFamily : byte
{
    /// <summary>K family; main subshell K.</summary>
    K = 0,
    /// <summary>L family; main subshell L3.</summary>
    L = 1,
    /// <summary>M family; main subshell M5.</summary>
    M = 2,
}

/// <summary>Family and main-subshell helpers.</summary>
public static class XRaySubshellExtensions
{
    /// <summary>The family a subshell belongs to (K → K, L1..L3 → L, M1..M5 → M).</summary>
    public static XRayFamily Family(this XRaySubshell subshell) => subshell switch
    {
        XRaySubshell.K => XRayFamily.K,
        <= XRaySubshell.L3 => XRayFamily.L,
        _ => XRayFamily.M,
    };

    /// <summary>The subshell that represents a family in quantification: K, L3 or M5 (docs/edx-model.md).</summary>
    public static XRaySubshell MainSubshell(this XRayFamily family) => family switch
    {
        XRayFamily.K => XRaySubshell.K,
        XRayFamily.L => XRaySubshell.L3,
        _ => XRaySubshell.M5,
    };

    /// <summary>True for K, L3 and M5.</summary>
    public static bool IsMain(this XRaySubshell subshell) =>
        subshell is XRaySubshell.K or XRaySubshell.L3 or XRaySubshell.M5;

    /// <summary>Parses "K", "L1".."L3", "M1".."M5" (case-sensitive, as in the table).</summary>
    /// <exception cref="FormatException">Any other text.</exception>
    public static XRaySubshell Parse(string text) => text switch
    {
        "K" => XRaySubshell.K,
        "L1" => XRaySubshell.L1,
        "L2" => XRaySubshell.L2,
        "L3" => XRaySubshell.L3,
        "M1" => XRaySubshell.M1,
        "M2" => XRaySubshell.M2,
        "M3" => XRaySubshell.M3,
        "M4" => XRaySubshell.M4,
        "M5" => XRaySubshell.M5,
        _ => throw new FormatException($"Unknown X-ray subshell '{text}' (expected K, L1..L3 or M1..M5)."),
    };
}
