namespace EdgeCtl.Policy;

/// <summary>Settings of <see cref="CampaignPolicy"/>. Defaults reproduce the paper's simulation (section IV.3).</summary>
public sealed record PolicyOptions
{
    /// <summary>Acquisition function (paper: pure exploration).</summary>
    public AcquisitionKind Acquisition { get; init; } = AcquisitionKind.MaxUncertainty;

    /// <summary>GP kernel.</summary>
    public KernelKind Kernel { get; init; } = KernelKind.Matern52;

    /// <summary>Starting GP hyperparameters (standardised targets).</summary>
    public GpHyperparameters InitialHyperparameters { get; init; } = GpHyperparameters.Default;

    /// <summary>Box for hyperparameter refits.</summary>
    public HyperparameterBounds Bounds { get; init; } = HyperparameterBounds.Default;

    /// <summary>β of UCB (a = μ + √β σ), ≥ 0.</summary>
    public double UcbBeta { get; init; } = 4.0;

    /// <summary>ξ of EI, target units, ≥ 0.</summary>
    public double EiXi { get; init; } = 0.01;

    /// <summary>Refit the hyperparameters every this many observations (≥ 1; int.MaxValue disables).</summary>
    public int RefitEvery { get; init; } = 10;

    /// <summary>Nelder–Mead starts per refit (≥ 1).</summary>
    public int HyperparameterRestarts { get; init; } = 4;

    /// <summary>Eqs 5–6 parameters.</summary>
    public MotionCostModel Motion { get; init; } = MotionCostModel.Paper;

    /// <summary>λ_nov of eq 15, ≥ 0.</summary>
    public double NoveltyWeight { get; init; } = 0.5;

    /// <summary>d_0 of eq 14, composition units, &gt; 0.</summary>
    public double NoveltyLengthScale { get; init; } = 0.1;

    /// <summary>B, prior compositions pre-drawn for the switch-gain estimate (eqs 11–13), ≥ 16.</summary>
    public int SwitchBankSize { get; init; } = 2048;

    /// <summary>t_meas of eq 16: one EELS measurement, instrument seconds (paper: 1 s).</summary>
    public double MeasurementSeconds { get; init; } = 1.0;

    /// <summary>
    /// t_switch of eq 16, instrument seconds. null (default): computed per destination as eq 5 at its distance,
    /// t_0 + d/v (stage latency incl. retune and EDX frame, plus travel).
    /// </summary>
    public double? SwitchSeconds { get; init; }

    /// <summary>Library prior p(c) for eq 12.</summary>
    public PriorKind Prior { get; init; } = PriorKind.Uniform;

    /// <summary>
    /// Take each particle's EDX uncertainty (σ_tot of eq 3) into the surrogate as input noise (errors in variables,
    /// <see cref="UncertainInputKernel"/>) instead of treating its composition as exact as the paper does. Default false
    /// (the paper's surrogate).
    /// </summary>
    public bool ModelCompositionUncertainty { get; init; }

    /// <summary>
    /// Heteroscedastic noise from composition uncertainty (McHutchon &amp; Rasmussen 2011, "NIGP"): each observation's
    /// noise variance gains τ² ‖∇μ(x̂)‖², the EDX variance per simplex-plane direction times the squared gradient of the
    /// posterior mean at its reported composition, so a particle on a steep slope counts less than one where the target
    /// is flat. Re-estimated at every refit. Usually with <see cref="ModelCompositionUncertainty"/> off (the two are
    /// alternative models of the same noise). Default false.
    /// </summary>
    public bool GradientInputNoise { get; init; }

    /// <summary>
    /// c of the target correction −½ c τ² Δμ(x̂) under <see cref="GradientInputNoise"/> (see
    /// <see cref="NoisyInputCorrection"/>), in [0, 1]; 0 (default) disables it.
    /// </summary>
    public double CurvatureCorrection { get; init; }

    /// <summary>h of <see cref="PriorKind.Empirical"/>: weight of the uniform draw in the smoothed bootstrap, in [0, 1].</summary>
    public double EmpiricalSmoothing { get; init; } = 0.1;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Acquisition)) throw new ArgumentOutOfRangeException(nameof(Acquisition), Acquisition, "Unknown acquisition.");
        if (!Enum.IsDefined(Kernel)) throw new ArgumentOutOfRangeException(nameof(Kernel), Kernel, "Unknown kernel.");
        if (!Enum.IsDefined(Prior)) throw new ArgumentOutOfRangeException(nameof(Prior), Prior, "Unknown prior.");
        InitialHyperparameters.Validate(nameof(InitialHyperparameters));
        ArgumentNullException.ThrowIfNull(Bounds);
        Bounds.Validate();
        ArgumentNullException.ThrowIfNull(Motion);
        Motion.Validate();
        if (!(UcbBeta >= 0) || !double.IsFinite(UcbBeta)) throw new ArgumentOutOfRangeException(nameof(UcbBeta), UcbBeta, "Must be finite and ≥ 0.");
        if (!(EiXi >= 0) || !double.IsFinite(EiXi)) throw new ArgumentOutOfRangeException(nameof(EiXi), EiXi, "Must be finite and ≥ 0.");
        if (RefitEvery < 1) throw new ArgumentOutOfRangeException(nameof(RefitEvery), RefitEvery, "Must be ≥ 1.");
        if (HyperparameterRestarts < 1) throw new ArgumentOutOfRangeException(nameof(HyperparameterRestarts), HyperparameterRestarts, "Must be ≥ 1.");
        if (!(NoveltyWeight >= 0) || !double.IsFinite(NoveltyWeight)) throw new ArgumentOutOfRangeException(nameof(NoveltyWeight), NoveltyWeight, "Must be finite and ≥ 0.");
        if (!(NoveltyLengthScale > 0) || !double.IsFinite(NoveltyLengthScale)) throw new ArgumentOutOfRangeException(nameof(NoveltyLengthScale), NoveltyLengthScale, "Must be finite and > 0.");
        if (SwitchBankSize < 16) throw new ArgumentOutOfRangeException(nameof(SwitchBankSize), SwitchBankSize, "Must be ≥ 16.");
        if (!(MeasurementSeconds > 0) || !double.IsFinite(MeasurementSeconds)) throw new ArgumentOutOfRangeException(nameof(MeasurementSeconds), MeasurementSeconds, "Must be finite and > 0 s.");
        if (SwitchSeconds is double t && (!(t >= 0) || !double.IsFinite(t))) throw new ArgumentOutOfRangeException(nameof(SwitchSeconds), t, "Must be finite and ≥ 0 s.");
        if (!(CurvatureCorrection >= 0 && CurvatureCorrection <= 1)) throw new ArgumentOutOfRangeException(nameof(CurvatureCorrection), CurvatureCorrection, "Must be in [0, 1].");
        if (!(EmpiricalSmoothing >= 0 && EmpiricalSmoothing <= 1)) throw new ArgumentOutOfRangeException(nameof(EmpiricalSmoothing), EmpiricalSmoothing, "Must be in [0, 1].");
    }
}
