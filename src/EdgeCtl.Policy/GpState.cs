namespace EdgeCtl.Policy;

/// <summary>
/// Everything needed to rebuild a <see cref="GaussianProcess"/> exactly: observations and hyperparameters as
/// plain arrays and scalars, for the campaign store to persist and resume. The Cholesky factor is not stored;
/// <see cref="GaussianProcess.Import"/> refactorises in O(n³/3).
/// </summary>
/// <param name="Dimensions">D, the number of elements (length of one composition).</param>
/// <param name="Kernel">Kernel family.</param>
/// <param name="Hyperparameters">ℓ, s², σ_n² (standardised target units when <paramref name="StandardizeTargets"/>).</param>
/// <param name="StandardizeTargets">Whether targets are standardised (constant mean = sample mean, unit sample s.d.).</param>
/// <param name="Compositions">n×D row-major compositions (atomic fractions).</param>
/// <param name="Targets">n measured targets, raw units.</param>
public sealed record GpState(
    int Dimensions,
    KernelKind Kernel,
    GpHyperparameters Hyperparameters,
    bool StandardizeTargets,
    double[] Compositions,
    double[] Targets)
{
    /// <summary>Number of observations n.</summary>
    public int Count => Targets.Length;

    /// <summary>n input variances τ² (atomic fraction² per simplex-plane direction, see <see cref="UncertainInputKernel"/>),
    /// or null when every composition is taken as exact.</summary>
    public double[]? InputVariances { get; init; }

    /// <summary>n extra noise variances added to σ_n² per observation (standardised target units²,
    /// <see cref="GaussianProcess.SetExtraNoiseVariances"/>), or null for none.</summary>
    public double[]? ExtraNoiseVariances { get; init; }

    /// <summary>n corrections added to the raw targets before fitting (<see cref="GaussianProcess.SetTargetAdjustments"/>),
    /// or null for none.</summary>
    public double[]? TargetAdjustments { get; init; }

    /// <summary>n EDX variances τ² per simplex-plane direction that <see cref="CampaignPolicy"/> keeps for
    /// <see cref="PolicyOptions.GradientInputNoise"/> (atomic fraction²), or null.</summary>
    public double[]? CompositionPlaneVariances { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> if the arrays disagree with <see cref="Dimensions"/> or hold non-finite values.</summary>
    public void Validate()
    {
        if (Dimensions < 1) throw new ArgumentOutOfRangeException(nameof(Dimensions), Dimensions, "Dimensions must be ≥ 1.");
        ArgumentNullException.ThrowIfNull(Compositions);
        ArgumentNullException.ThrowIfNull(Targets);
        if (Compositions.Length != Targets.Length * Dimensions)
            throw new ArgumentException(
                $"Compositions has {Compositions.Length} values; expected Targets.Length × Dimensions = {Targets.Length} × {Dimensions}.",
                nameof(Compositions));
        foreach (double v in Compositions)
            if (!double.IsFinite(v)) throw new ArgumentException("Compositions holds a non-finite value.", nameof(Compositions));
        foreach (double v in Targets)
            if (!double.IsFinite(v)) throw new ArgumentException("Targets holds a non-finite value.", nameof(Targets));
        if (InputVariances is { } tau2)
        {
            if (tau2.Length != Targets.Length)
                throw new ArgumentException($"InputVariances has {tau2.Length} values; expected one per target ({Targets.Length}).", nameof(InputVariances));
            foreach (double v in tau2)
                if (!(v >= 0) || !double.IsFinite(v)) throw new ArgumentException("InputVariances holds a negative or non-finite value.", nameof(InputVariances));
        }
        CheckOptional(ExtraNoiseVariances, nonNegative: true, nameof(ExtraNoiseVariances));
        CheckOptional(TargetAdjustments, nonNegative: false, nameof(TargetAdjustments));
        CheckOptional(CompositionPlaneVariances, nonNegative: true, nameof(CompositionPlaneVariances));
        Hyperparameters.Validate(nameof(Hyperparameters));
    }

    private void CheckOptional(double[]? values, bool nonNegative, string name)
    {
        if (values is null) return;
        if (values.Length != Targets.Length)
            throw new ArgumentException($"{name} has {values.Length} values; expected one per target ({Targets.Length}).", name);
        foreach (double v in values)
            if (!double.IsFinite(v) || (nonNegative && v < 0))
                throw new ArgumentException($"{name} holds a {(nonNegative ? "negative or " : "")}non-finite value.", name);
    }
}
