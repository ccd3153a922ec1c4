namespace EdgeCtl.Policy;

/// <summary>
/// What the campaign runner knows at one decision (spans over its own buffers; nothing is copied or kept).
/// </summary>
public readonly ref struct DecisionContext
{
    /// <summary>Creates a context; see the properties for shapes and units.</summary>
    public DecisionContext(
        ReadOnlySpan<double> candidateCompositions,
        ReadOnlySpan<double> candidateDistancesUm,
        int measuredInRegion,
        int totalInRegion,
        double densityPerUm2,
        double regionAreaUm2,
        ReadOnlySpan<RegionInfo> regions,
        int currentRegion,
        ReadOnlySpan<double> measuredCompositions)
    {
        CandidateCompositions = candidateCompositions;
        CandidateDistancesUm = candidateDistancesUm;
        MeasuredInRegion = measuredInRegion;
        TotalInRegion = totalInRegion;
        DensityPerUm2 = densityPerUm2;
        RegionAreaUm2 = regionAreaUm2;
        Regions = regions;
        CurrentRegion = currentRegion;
        MeasuredCompositions = measuredCompositions;
    }

    /// <summary>n×D row-major compositions (atomic fractions) of the current FoV's unmeasured particles.</summary>
    public ReadOnlySpan<double> CandidateCompositions { get; init; }

    /// <summary>n distances of those particles from the current FoV centre, µm (Chebyshev, see <see cref="MotionCostModel"/>).</summary>
    public ReadOnlySpan<double> CandidateDistancesUm { get; init; }

    /// <summary>N_meas of eq 7: particles of the current FoV measured so far.</summary>
    public int MeasuredInRegion { get; init; }

    /// <summary>N_tot of eq 7: particles detected in the current FoV.</summary>
    public int TotalInRegion { get; init; }

    /// <summary>ρ of eq 11: particle density observed so far, µm⁻².</summary>
    public double DensityPerUm2 { get; init; }

    /// <summary>A of eq 11: area of one region (FoV), µm².</summary>
    public double RegionAreaUm2 { get; init; }

    /// <summary>All regions of the accessible area, the current one included.</summary>
    public ReadOnlySpan<RegionInfo> Regions { get; init; }

    /// <summary><see cref="RegionInfo.Index"/> of the region the stage is in.</summary>
    public int CurrentRegion { get; init; }

    /// <summary>m×D row-major compositions of every particle measured so far (C_meas of eq 14).</summary>
    public ReadOnlySpan<double> MeasuredCompositions { get; init; }
}
