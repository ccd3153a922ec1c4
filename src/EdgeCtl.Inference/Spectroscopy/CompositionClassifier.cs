namespace EdgeCtl.Inference.Spectroscopy;

/// <summary>
/// Attributes a particle to a composition class (arXiv 2603.20858 section V: "a probability per class"), either from a
/// measured composition c ± σ or from the measured spectrum against per-class model spectra.
/// </summary>
/// <remarks>
/// <para><b>Composition-based</b> (<see cref="Classify(IReadOnlyList{double}, IReadOnlyList{double})"/>): for class j with
/// nominal μ_j and width w_j, log L_j = Σ_i [−(c_i − μ_ji)²/(2(σ_i² + w_j²)) − ½ ln(2π(σ_i² + w_j²))], summed over
/// the N − 1 independent elements: fractions sum to 1, so the element with the largest σ (k of eqs 2–3, whose value is
/// determined by the others) is left out to avoid counting one constraint twice. P_j = exp(log L_j) / Σ exp(log L)
/// (Bayes with a uniform prior, computed as a numerically stable softmax).</para>
/// <para><b>Model-spectrum-based</b> (<see cref="ClassifySpectrum"/>): each class has an expected spectrum shape m_j;
/// its scale a_j is the Poisson maximum-likelihood value a_j = Σn / Σm_j, and
/// log L_j = Σ_i [n_i ln(a_j m_ji) − a_j m_ji] (the ln n_i! term is common to all classes and dropped);
/// probabilities by the same softmax.</para>
/// </remarks>
public sealed class CompositionClassifier
{
    private readonly CompositionClass[] _classes;

    /// <summary>Creates a classifier for compositions over <paramref name="elements"/>.</summary>
    /// <param name="elements">Element order of every composition vector.</param>
    /// <param name="classes">At least one class; names unique.</param>
    /// <exception cref="ArgumentException">Empty lists, duplicate names, wrong vector length, fractions not summing to 1, negative width.</exception>
    public CompositionClassifier(IReadOnlyList<string> elements, IReadOnlyList<CompositionClass> classes)
    {
        ArgumentNullException.ThrowIfNull(elements);
        ArgumentNullException.ThrowIfNull(classes);
        if (elements.Count < 2) throw new ArgumentException("At least two elements are needed to attribute a composition.", nameof(elements));
        if (classes.Count < 1) throw new ArgumentException("At least one composition class is required.", nameof(classes));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in classes)
        {
            if (!names.Add(c.Name)) throw new ArgumentException($"Composition class '{c.Name}' defined twice.", nameof(classes));
            if (c.Composition.Count != elements.Count)
                throw new ArgumentException($"Class '{c.Name}' has {c.Composition.Count} fractions; expected {elements.Count} ({string.Join(", ", elements)}).", nameof(classes));
            double sum = 0;
            foreach (var f in c.Composition)
            {
                if (!double.IsFinite(f) || f < 0) throw new ArgumentException($"Class '{c.Name}' has an invalid fraction {f}.", nameof(classes));
                sum += f;
            }
            if (Math.Abs(sum - 1) > 1e-6) throw new ArgumentException($"Class '{c.Name}' fractions sum to {sum}, not 1.", nameof(classes));
            if (!(c.Width >= 0) || !double.IsFinite(c.Width)) throw new ArgumentException($"Class '{c.Name}' width {c.Width} must be finite and ≥ 0.", nameof(classes));
        }
        Elements = elements;
        _classes = [.. classes];
    }

    /// <summary>Element order of composition vectors.</summary>
    public IReadOnlyList<string> Elements { get; }
    /// <summary>The classes, in the given order.</summary>
    public IReadOnlyList<CompositionClass> Classes => _classes;

    /// <summary>Class probabilities for a measured composition (see remarks).</summary>
    /// <param name="fractions">c_i, one per element.</param>
    /// <param name="sigmas">σ_i ≥ 0, one per element. When every σ and every class width is 0 a 1e-6 floor is used.</param>
    /// <returns>One entry per class, in class order.</returns>
    /// <exception cref="ArgumentException">Wrong length, non-finite values or negative σ.</exception>
    public IReadOnlyList<ClassProbability> Classify(IReadOnlyList<double> fractions, IReadOnlyList<double> sigmas)
    {
        ArgumentNullException.ThrowIfNull(fractions);
        ArgumentNullException.ThrowIfNull(sigmas);
        int n = Elements.Count;
        if (fractions.Count != n || sigmas.Count != n)
            throw new ArgumentException($"Composition needs {n} fractions and σ ({string.Join(", ", Elements)}); got {fractions.Count} and {sigmas.Count}.");
        int k = 0;
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(fractions[i]) || !double.IsFinite(sigmas[i]) || sigmas[i] < 0)
                throw new ArgumentException($"{Elements[i]}: {fractions[i]} ± {sigmas[i]} is not a finite fraction with σ ≥ 0.");
            if (sigmas[i] > sigmas[k]) k = i;
        }
        var logL = new double[_classes.Length];
        for (int j = 0; j < _classes.Length; j++)
        {
            var cls = _classes[j];
            double l = 0;
            for (int i = 0; i < n; i++)
            {
                if (i == k) continue;
                double v = Math.Max(sigmas[i] * sigmas[i] + cls.Width * cls.Width, 1e-12);
                double d = fractions[i] - cls.Composition[i];
                l += -0.5 * d * d / v - 0.5 * Math.Log(2 * Math.PI * v);
            }
            logL[j] = l;
        }
        return Softmax(logL);
    }

    /// <summary>Class probabilities from a measured spectrum and one model spectrum per class (see remarks).</summary>
    /// <param name="counts">Measured counts per channel (finite, ≥ 0).</param>
    /// <param name="models">Expected spectrum shape per class, in class order, same length as <paramref name="counts"/>;
    /// any positive scale (it is fitted); every channel &gt; 0 where counts are &gt; 0.</param>
    /// <exception cref="ArgumentException">Lengths differ, wrong model count, invalid values, or a model that is 0 where counts were observed.</exception>
    public IReadOnlyList<ClassProbability> ClassifySpectrum(ReadOnlySpan<double> counts, IReadOnlyList<double[]> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (models.Count != _classes.Length) throw new ArgumentException($"Need {_classes.Length} model spectra (one per class), got {models.Count}.", nameof(models));
        double total = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            if (!double.IsFinite(counts[i]) || counts[i] < 0) throw new ArgumentException($"counts[{i}] = {counts[i]} must be finite and ≥ 0.", nameof(counts));
            total += counts[i];
        }
        var logL = new double[_classes.Length];
        for (int j = 0; j < models.Count; j++)
        {
            var m = models[j];
            if (m.Length != counts.Length) throw new ArgumentException($"Model of class '{_classes[j].Name}' has {m.Length} channels; the spectrum has {counts.Length}.", nameof(models));
            double sm = 0;
            foreach (var v in m)
            {
                if (!double.IsFinite(v) || v < 0) throw new ArgumentException($"Model of class '{_classes[j].Name}' holds an invalid value {v}.", nameof(models));
                sm += v;
            }
            if (!(sm > 0)) throw new ArgumentException($"Model of class '{_classes[j].Name}' is all zero.", nameof(models));
            double a = total / sm, l = 0;
            for (int i = 0; i < counts.Length; i++)
            {
                double mu = a * m[i];
                if (mu <= 0)
                {
                    if (counts[i] > 0) throw new ArgumentException($"Model of class '{_classes[j].Name}' is 0 at channel {i} where {counts[i]} counts were observed.", nameof(models));
                    continue;
                }
                l += counts[i] * Math.Log(mu) - mu;
            }
            logL[j] = l;
        }
        return Softmax(logL);
    }

    private ClassProbability[] Softmax(double[] logL)
    {
        double max = double.NegativeInfinity;
        foreach (var l in logL) max = Math.Max(max, l);
        double sum = 0;
        var p = new double[logL.Length];
        for (int j = 0; j < p.Length; j++) { p[j] = Math.Exp(logL[j] - max); sum += p[j]; }
        var r = new ClassProbability[p.Length];
        for (int j = 0; j < p.Length; j++) r[j] = new ClassProbability(_classes[j].Name, p[j] / sum, logL[j]);
        return r;
    }
}
