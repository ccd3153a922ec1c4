namespace EdgeCtl.Hil.Numerics;

/// <summary>Special functions missing from <see cref="Math"/>.</summary>
public static class SpecialFunctions
{
    /// <summary>
    /// Error function, |error| &lt; 1.2·10⁻⁷ everywhere (Numerical Recipes 3rd ed., §6.2.2,
    /// Chebyshev fit of erfc).
    /// </summary>
    public static double Erf(double x)
    {
        double z = Math.Abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double erfc = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
            t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 +
            t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1 - erfc : erfc - 1;
    }

    /// <summary>Standard normal cumulative distribution Φ(x).</summary>
    public static double NormalCdf(double x) => 0.5 * (1 + Erf(x / Math.Sqrt(2)));
}
