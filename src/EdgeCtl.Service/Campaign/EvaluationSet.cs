namespace EdgeCtl.Service.Campaign;

/// <summary>
/// A fixed set of compositions drawn uniformly on the simplex (Dirichlet(1), by normalised
/// exponentials), over which mean predictive σ and mean absolute error are reported each iteration.
/// </summary>
public static class EvaluationSet
{
    /// <summary>n × dims compositions, flat, row-major; reproducible from <paramref name="seed"/>.</summary>
    public static double[] Create(int n, int dims, ulong seed)
    {
        var rng = new Random(unchecked((int)(seed * 2654435761UL) ^ 0x5eed));
        var x = new double[n * dims];
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int d = 0; d < dims; d++) sum += x[i * dims + d] = -Math.Log(1 - rng.NextDouble());
            for (int d = 0; d < dims; d++) x[i * dims + d] /= sum;
        }
        return x;
    }
}
