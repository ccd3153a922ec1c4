namespace EdgeCtl.Policy;

/// <summary>Acquisition function a(c) of the BO loop (all maximised).</summary>
public enum AcquisitionKind
{
    /// <summary>a = σ(c): pure exploration, the paper's simulation (section IV.3).</summary>
    MaxUncertainty = 0,

    /// <summary>a = μ(c) + √β σ(c) (Srinivas et al. 2010).</summary>
    UpperConfidenceBound = 1,

    /// <summary>a = E[max(f(c) − f* − ξ, 0)] (Jones et al. 1998), closed form.</summary>
    ExpectedImprovement = 2,
}
