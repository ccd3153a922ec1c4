namespace EdgeCtl.Policy;

/// <summary>
/// Box bounds for <see cref="GaussianProcess.Refit"/>; the optimiser works on the natural logarithms of the
/// hyperparameters and never leaves this box. Defaults suit compositions (fractions) and standardised targets.
/// </summary>
public sealed record HyperparameterBounds
{
    /// <summary>Smallest length scale (composition units). Default 0.01.</summary>
    public double MinLengthScale { get; init; } = 0.01;
    /// <summary>Largest length scale (composition units). Default 10.</summary>
    public double MaxLengthScale { get; init; } = 10.0;
    /// <summary>Smallest signal variance. Default 0.01.</summary>
    public double MinSignalVariance { get; init; } = 0.01;
    /// <summary>Largest signal variance. Default 100.</summary>
    public double MaxSignalVariance { get; init; } = 100.0;
    /// <summary>Smallest noise variance; keeps the Cholesky factor well conditioned. Default 1e-6.</summary>
    public double MinNoiseVariance { get; init; } = 1e-6;
    /// <summary>Largest noise variance. Default 1.</summary>
    public double MaxNoiseVariance { get; init; } = 1.0;

    /// <summary>The default box.</summary>
    public static HyperparameterBounds Default { get; } = new();

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless every bound is finite, positive and min ≤ max.</summary>
    public void Validate()
    {
        Check(MinLengthScale, MaxLengthScale, nameof(MinLengthScale));
        Check(MinSignalVariance, MaxSignalVariance, nameof(MinSignalVariance));
        Check(MinNoiseVariance, MaxNoiseVariance, nameof(MinNoiseVariance));
        static void Check(double lo, double hi, string name)
        {
            if (!(lo > 0) || !double.IsFinite(hi) || !(lo <= hi))
                throw new ArgumentOutOfRangeException(name, $"Bounds must satisfy 0 < min ≤ max < ∞; got [{lo}, {hi}].");
        }
    }

    /// <summary>Clamps <paramref name="h"/> into the box.</summary>
    public GpHyperparameters Clamp(GpHyperparameters h) => new(
        Math.Clamp(h.LengthScale, MinLengthScale, MaxLengthScale),
        Math.Clamp(h.SignalVariance, MinSignalVariance, MaxSignalVariance),
        Math.Clamp(h.NoiseVariance, MinNoiseVariance, MaxNoiseVariance));
}
