using EdgeCtl.Service.Store;

namespace EdgeCtl.Service.Campaign;

/// <summary>A particle of a surveyed region as the campaign loop sees it.</summary>
/// <param name="Record">The stored particle (row id, position, composition ± σ).</param>
/// <param name="RegionIndex">Region it was found in.</param>
public sealed record SurveyedParticle(ParticleRecord Record, int RegionIndex)
{
    /// <summary>True once its EELS measurement is recorded.</summary>
    public bool Measured { get; set; }

    /// <summary>
    /// Distance of the beam position from the FoV centre, µm (eqs 5–6's d), in the policy's
    /// Chebyshev convention: every particle of the square FoV is within the beam-shift range.
    /// </summary>
    public double DistanceFromCenterUm => EdgeCtl.Policy.MotionCostModel.DistanceUm(Record.OffsetXNm / 1000.0, Record.OffsetYNm / 1000.0);
}
