namespace EdgeCtl.Inference.Spectroscopy;

/// <summary>
/// One peak component of the EDX model: all lines of one element subshell, with fixed relative shares, so that its
/// amplitude is the subshell's total net counts (docs/edx-model.md, "each line's share").
/// </summary>
public sealed class EdxModelComponent
{
    internal EdxModelComponent(XRaySubshellLines subshell, int column, double[] energiesKeV, double[] shares, double[] sigmasKeV, double sensitivity)
    {
        Subshell = subshell;
        Column = column;
        LineEnergiesKeV = energiesKeV;
        LineShares = shares;
        LineSigmasKeV = sigmasKeV;
        Sensitivity = sensitivity;
    }

    /// <summary>Tabulated subshell data.</summary>
    public XRaySubshellLines Subshell { get; }
    /// <summary>Element symbol.</summary>
    public string Element => Subshell.Element;
    /// <summary>True for the family's main subshell (K, L3, M5) — the ones used for quantification.</summary>
    public bool IsMain => Subshell.Subshell.IsMain();
    /// <summary>Column in the design matrix (after the background columns).</summary>
    public int Column { get; }
    /// <summary>True line energies, keV (lines with share ≥ 0.1 % near the window). Length L.</summary>
    internal double[] LineEnergiesKeV { get; }
    /// <summary>Shares of the subshell's emission, length L.</summary>
    internal double[] LineShares { get; }
    /// <summary>Nominal Gaussian σ of each line from the Fiori FWHM at the configured resolution, keV, length L.</summary>
    internal double[] LineSigmasKeV { get; }
    /// <summary>Sensitivity s = Q(U, E_c)·ω (<see cref="EdxPhysics.Sensitivity"/>).</summary>
    public double Sensitivity { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Element} {Subshell.Subshell}";
}
