using EdgeCtl.Service.Store;

namespace EdgeCtl.Service.Campaign;

/// <summary>A particle of a surveyed region as the campaign loop sees it.</summary>
/// <param name="Record">The stored particle (row id, position, composition ± σ).</param>
/// <param name="RegionIndex">Region it was found in.</param>
public sealed record SurveyedParticle(ParticleRecord Record, int RegionIndex)
{
    /// <summary>True once its EELS measurement is recorded.</summary>
    public bool Measured { get; set; }

    /// <summary>Distance of the beam position from the FoV centre, µm (eqs 5–6's d).</summary>
    public double DistanceFromCenterUm => Math.Sqrt(Record.OffsetXNm * Record.OffsetXNm + Record.OffsetYNm * Record.OffsetYNm) / 1000.0;
}
