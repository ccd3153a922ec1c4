namespace EdgeCtl.Inference.Spectroscopy;

/// <summary>
/// A composition class for particle attribution (paper section V): a name, a nominal composition over the reported
/// elements (atomic fractions in the classifier's element order) and an intrinsic width (the spread of real
/// compositions within the class, atomic fraction units).
/// </summary>
/// <param name="Name">Class name, e.g. "CdSe".</param>
/// <param name="Composition">Nominal atomic fractions, one per element; finite, ≥ 0, summing to 1 ± 1e-6.</param>
/// <param name="Width">Class width w ≥ 0 added in quadrature to the measured σ (e.g. 0.05).</param>
public sealed record CompositionClass(string Name, IReadOnlyList<double> Composition, double Width);

/// <summary>Probability of one class.</summary>
/// <param name="Name">Class name.</param>
/// <param name="Probability">Posterior probability (uniform prior); the probabilities of one call sum to 1.</param>
/// <param name="LogLikelihood">Unnormalised log-likelihood of the class.</param>
public sealed record ClassProbability(string Name, double Probability, double LogLikelihood);
