namespace EdgeCtl.Policy;

/// <summary>
/// Hyperparameters of the isotropic GP kernel, all strictly positive. They act on <em>standardised</em>
/// targets when the GP standardises (the default): a signal variance of 1 then means "one standard deviation
/// of the observed targets".
/// </summary>
/// <param name="LengthScale">Isotropic length scale ℓ in composition units (atomic fraction; the simplex diameter is √2).</param>
/// <param name="SignalVariance">Kernel amplitude s² (k(x, x) = s²), in (standardised target units)².</param>
/// <param name="NoiseVariance">Observation noise variance σ_n², added to the diagonal, in (standardised target units)².</param>
public readonly record struct GpHyperparameters(double LengthScale, double SignalVariance, double NoiseVariance)
{
    /// <summary>A neutral start: ℓ = 0.2, s² = 1, σ_n² = 1e-4.</summary>
    public static GpHyperparameters Default => new(0.2, 1.0, 1e-4);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first non-positive or non-finite value.</summary>
    public void Validate(string paramName)
    {
        if (!(LengthScale > 0) || !double.IsFinite(LengthScale))
            throw new ArgumentOutOfRangeException(paramName, LengthScale, "LengthScale must be finite and > 0.");
        if (!(SignalVariance > 0) || !double.IsFinite(SignalVariance))
            throw new ArgumentOutOfRangeException(paramName, SignalVariance, "SignalVariance must be finite and > 0.");
        if (!(NoiseVariance > 0) || !double.IsFinite(NoiseVariance))
            throw new ArgumentOutOfRangeException(paramName, NoiseVariance, "NoiseVariance must be finite and > 0.");
    }
}
