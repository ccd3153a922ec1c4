namespace EdgeCtl.Policy.Simulation;

/// <summary>
/// The simulation's ground truth (paper section IV.3): y(c) = Σ_k w_k exp(−‖c − μ_k‖² / (2σ²)) with K centres μ_k
/// uniform on the simplex (Dirichlet(1)) and weights w_k uniform in [0.5, 1], drawn from the seed.
/// Immutable and thread-safe after construction.
/// </summary>
public sealed class SumOfGaussians
{
    private readonly double[] _centres; // K × D
    private readonly double[] _weights;
    private readonly double _inv2s2;

    /// <summary>Draws the target.</summary>
    /// <param name="dimensions">D ≥ 1.</param>
    /// <param name="gaussians">K ≥ 1.</param>
    /// <param name="sigma">σ &gt; 0, composition units.</param>
    /// <param name="random">Seeded source.</param>
    public SumOfGaussians(int dimensions, int gaussians, double sigma, PolicyRandom random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(gaussians, 1);
        if (!(sigma > 0)) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "σ must be > 0.");
        ArgumentNullException.ThrowIfNull(random);
        Dimensions = dimensions;
        _inv2s2 = 1.0 / (2 * sigma * sigma);
        _centres = new double[gaussians * dimensions];
        _weights = new double[gaussians];
        for (int k = 0; k < gaussians; k++)
        {
            random.NextSimplexPoint(_centres.AsSpan(k * dimensions, dimensions));
            _weights[k] = 0.5 + 0.5 * random.NextDouble();
        }
    }

    /// <summary>D.</summary>
    public int Dimensions { get; }

    /// <summary>K.</summary>
    public int Gaussians => _weights.Length;

    /// <summary>y(c) for a composition of length D.</summary>
    public double Evaluate(ReadOnlySpan<double> c)
    {
        if (c.Length != Dimensions) throw new ArgumentException($"Composition has {c.Length} fractions; expected {Dimensions}.", nameof(c));
        double y = 0;
        for (int k = 0; k < _weights.Length; k++)
            y += _weights[k] * Math.Exp(-CovarianceFunction.SquaredDistance(c, _centres.AsSpan(k * Dimensions, Dimensions)) * _inv2s2);
        return y;
    }
}
