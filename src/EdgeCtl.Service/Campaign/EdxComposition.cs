using EdgeCtl.Inference.Spectroscopy;
using EdgeCtl.Realtime;

namespace EdgeCtl.Service.Campaign;

/// <summary>A particle's composition from its EDX spectrum: atomic fractions and 1σ in campaign element order, and σ_tot (eqs 2–3).</summary>
/// <param name="Fractions">Atomic fractions, summing to 1.</param>
/// <param name="Sigmas">1σ per fraction.</param>
/// <param name="SigmaTotal">σ_tot = σ_k (eq 3).</param>
public readonly record struct ParticleComposition(double[] Fractions, double[] Sigmas, double SigmaTotal);

/// <summary>
/// EDX quantification for the campaign: the <see cref="EdxQuantifier"/> (NNLS fit, theoretical
/// Cliff–Lorimer factors, eqs 2–3) for the library's elements, with the common nuisance elements
/// of a grid and film (C, O, Cu, Si) fitted but not reported.
/// </summary>
public sealed class EdxComposition(string[] elements, double beamEnergyKeV)
{
    private readonly EdxQuantifier _quantifier = new(new EdxQuantifierOptions
    {
        ReportedElements = elements,
        NuisanceElements = [.. new[] { "C", "O", "Cu", "Si" }.Where(e => !elements.Contains(e))],
        BeamEnergyKeV = beamEnergyKeV,
    });

    /// <summary>The composition, or null when the spectrum holds too few counts to quantify (no particle under the probe).</summary>
    public ParticleComposition? Quantify(Spectrum spectrum)
    {
        EdxQuantification q;
        try
        {
            q = _quantifier.Quantify(spectrum);
        }
        catch (InvalidOperationException)
        {
            return null; // none of the library's elements above background: nothing under the probe
        }
        var fractions = new double[elements.Length];
        var sigmas = new double[elements.Length];
        double net = 0;
        for (int i = 0; i < elements.Length; i++)
        {
            var e = q[elements[i]];
            fractions[i] = e.AtomicFraction;
            sigmas[i] = e.Sigma;
            net += e.NetCounts;
        }
        if (!(net >= 20) || !double.IsFinite(q.SigmaTotal)) return null;
        return new ParticleComposition(fractions, sigmas, q.SigmaTotal);
    }
}
