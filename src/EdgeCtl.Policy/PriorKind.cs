namespace EdgeCtl.Policy;

/// <summary>The library prior p(c) from which the switch-gain estimate draws compositions (eq 12).</summary>
public enum PriorKind
{
    /// <summary>Uniform on the composition simplex: flat Dirichlet(1, …, 1).</summary>
    Uniform = 0,

    /// <summary>
    /// The empirical distribution of the compositions measured so far, smoothed towards the uniform prior:
    /// c = (1 − h) c_j + h u, c_j a measured composition drawn at random, u ~ Dirichlet(1), h =
    /// <see cref="PolicyOptions.EmpiricalSmoothing"/>. Falls back to <see cref="Uniform"/> while nothing is measured.
    /// </summary>
    Empirical = 1,
}
