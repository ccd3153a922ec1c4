using EdgeCtl.Policy;

namespace EdgeCtl.Service.Configuration;

/// <summary>Maps the validated <see cref="PolicySettings"/> onto the policy's own options.</summary>
public static class PolicySettingsMapper
{
    /// <summary>
    /// Policy options for a FoV of <paramref name="fovUm"/> (the beam-shift range, d_th of eqs 5–6)
    /// and the acquisition times of <paramref name="acq"/> (t_meas of eq 16 = the EELS time).
    /// </summary>
    public static PolicyOptions ToPolicyOptions(PolicySettings p, double fovUm, AcquisitionOptions acq) => new()
    {
        Acquisition = Enum.Parse<AcquisitionKind>(p.AcquisitionFunction),
        Kernel = Enum.Parse<KernelKind>(p.Kernel),
        RefitEvery = p.RefitEvery,
        NoveltyWeight = p.NoveltyWeight,
        NoveltyLengthScale = p.NoveltyLengthScale,
        ModelCompositionUncertainty = p.ModelCompositionUncertainty,
        GradientInputNoise = p.GradientInputNoise,
        CurvatureCorrection = p.CurvatureCorrection,
        MeasurementSeconds = acq.EelsSeconds,
        Motion = new MotionCostModel
        {
            BeamShiftRangeUm = fovUm,
            BeamShiftSeconds = p.BeamShiftSeconds,
            StageLatencySeconds = p.StageLatencySeconds,
            StageSpeedUmPerS = p.StageSpeedUmPerS,
        },
    };
}
