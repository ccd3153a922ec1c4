using EdgeCtl.Realtime;
namespace EdgeCtl.Hil.Numerics;

/// <summary>Sampling on the probability simplex.</summary>
public static class Simplex
{
    /// <summary>
    /// Fills <paramref name="fractions"/> with a draw uniform on the simplex (Dirichlet(1, …, 1)):
    /// independent Exp(1) variates normalised to sum 1.
    /// </summary>
    public static void SampleUniform(Xoshiro256 rng, Span<double> fractions)
    {
        double sum = 0;
        for (int i = 0; i < fractions.Length; i++)
        {
            fractions[i] = Sampling.Exponential(rng);
            sum += fractions[i];
        }
        for (int i = 0; i < fractions.Length; i++) fractions[i] /= sum;
    }
}
