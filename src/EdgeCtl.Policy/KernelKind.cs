namespace EdgeCtl.Policy;

/// <summary>Stationary covariance function of the Gaussian-process surrogate over compositions.</summary>
public enum KernelKind
{
    /// <summary>Matérn ν = 5/2 (Rasmussen &amp; Williams 2006, eq 4.17): twice differentiable, the BO default.</summary>
    Matern52 = 0,

    /// <summary>Squared exponential / RBF (Rasmussen &amp; Williams 2006, eq 4.9): infinitely smooth.</summary>
    Rbf = 1,
}
