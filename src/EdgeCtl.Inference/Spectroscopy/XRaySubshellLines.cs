namespace EdgeCtl.Inference.Spectroscopy;

/// <summary>
/// An element's subshell with its absorption edge, fluorescence yield and the X-ray lines that start from it.
/// </summary>
public sealed class XRaySubshellLines
{
    internal XRaySubshellLines(string element, int z, XRaySubshell subshell, double edgeKeV, double fluorescenceYield, XRayLine[] lines)
    {
        Element = element;
        Z = z;
        Subshell = subshell;
        EdgeKeV = edgeKeV;
        FluorescenceYield = fluorescenceYield;
        Lines = lines;
        var strongest = lines[0];
        foreach (var l in lines)
            if (l.Share > strongest.Share) strongest = l;
        StrongestLine = strongest;
    }

    /// <summary>Element symbol.</summary>
    public string Element { get; }
    /// <summary>Atomic number.</summary>
    public int Z { get; }
    /// <summary>The initial vacancy subshell.</summary>
    public XRaySubshell Subshell { get; }
    /// <summary>Family of <see cref="Subshell"/>.</summary>
    public XRayFamily Family => Subshell.Family();
    /// <summary>Absorption-edge (binding) energy E_c, keV.</summary>
    public double EdgeKeV { get; }
    /// <summary>Fluorescence yield ω of the subshell (dimensionless, 0..1).</summary>
    public double FluorescenceYield { get; }
    /// <summary>Lines of this subshell, highest energy first; shares sum to 1.</summary>
    public IReadOnlyList<XRayLine> Lines { get; }
    /// <summary>The line with the largest share (e.g. Ka1, La1, Ma).</summary>
    public XRayLine StrongestLine { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Element} {Subshell} (edge {EdgeKeV:0.###} keV, {StrongestLine.Name} {StrongestLine.EnergyKeV:0.###} keV)";
}
