using EdgeCtl.Realtime;
using EdgeCtl.Hil.Numerics;

namespace EdgeCtl.Hil.Physics;

/// <summary>
/// The campaign's hidden target (paper section IV.3; docs/rig.md): y(c) = Σ_k w_k
/// exp(−‖c − μ_k‖² / (2σ²)) over compositions c on the simplex of D elements, with K centres μ_k
/// drawn uniformly on the simplex (Dirichlet(1)), weights w_k uniform in [0.5, 1], all from the seed.
/// Immutable and thread-safe after construction.
/// </summary>
public sealed class HiddenTarget
{
    private readonly double[] _centres; // K × D, row-major
    private readonly double[] _weights;
    private readonly double _twoSigmaSquared;

    /// <summary>Draws the target.</summary>
    /// <param name="dimensions">D, the number of elements (≥ 1).</param>
    /// <param name="gaussians">K ≥ 1.</param>
    /// <param name="sigma">σ &gt; 0, in fraction units.</param>
    /// <param name="rng">Seeded generator (its own stream).</param>
    public HiddenTarget(int dimensions, int gaussians, double sigma, Xoshiro256 rng)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(gaussians, 1);
        if (!(sigma > 0)) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "σ must be > 0");
        Dimensions = dimensions;
        Sigma = sigma;
        _twoSigmaSquared = 2 * sigma * sigma;
        _centres = new double[gaussians * dimensions];
        _weights = new double[gaussians];
        for (int k = 0; k < gaussians; k++)
        {
            Simplex.SampleUniform(rng, _centres.AsSpan(k * dimensions, dimensions));
            _weights[k] = 0.5 + 0.5 * rng.NextDouble();
        }
    }

    /// <summary>D: the length of a composition vector.</summary>
    public int Dimensions { get; }

    /// <summary>σ of each Gaussian.</summary>
    public double Sigma { get; }

    /// <summary>K: the number of Gaussians.</summary>
    public int Gaussians => _weights.Length;

    /// <summary>y(c) for composition <paramref name="c"/> (fractions in element order).</summary>
    /// <exception cref="ArgumentException"><paramref name="c"/> does not have <see cref="Dimensions"/> entries.</exception>
    public double Evaluate(ReadOnlySpan<double> c)
    {
        if (c.Length != Dimensions)
            throw new ArgumentException($"composition has {c.Length} fractions, expected {Dimensions}", nameof(c));
        double y = 0;
        for (int k = 0; k < _weights.Length; k++)
        {
            var mu = _centres.AsSpan(k * Dimensions, Dimensions);
            double d2 = 0;
            for (int i = 0; i < c.Length; i++)
            {
                double d = c[i] - mu[i];
                d2 += d * d;
            }
            y += _weights[k] * Math.Exp(-d2 / _twoSigmaSquared);
        }
        return y;
    }
}
