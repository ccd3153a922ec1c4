namespace EdgeCtl.Inference.Spectroscopy;

/// <summary>
/// The parameter layout of an EDX fit for one element set and energy window: <see cref="BackgroundCount"/> background
/// columns (Kramers shape × Bernstein polynomials of degree <see cref="EdxQuantifierOptions.BackgroundDegree"/>) followed by one non-negative column per excited
/// subshell component (<see cref="EdxModelComponent"/>).
/// </summary>
/// <remarks>
/// A subshell becomes a component when it is excited (U = E0/E_c &gt; 1.05, strongest line ≥ 0.2 keV;
/// docs/edx-model.md), is a main subshell (K, L3, M5) or minor subshells are fitted, and at least 10 % of its
/// emission falls inside the window. Lines with share &lt; 0.1 % are dropped.
/// </remarks>
public sealed class EdxModelLayout
{
    private readonly Dictionary<string, EdxModelComponent[]> _byElement;

    /// <summary>Builds the layout.</summary>
    /// <param name="elements">Element symbols, each once (order kept).</param>
    /// <param name="options">Beam energy, detector FWHM, minor-subshell switch, background degree, table.</param>
    /// <param name="windowMinKeV">Lower window edge, keV.</param>
    /// <param name="windowMaxKeV">Upper window edge, keV.</param>
    /// <exception cref="ArgumentException">Unknown or duplicate element, or an element with no line in the window.</exception>
    public EdxModelLayout(IReadOnlyList<string> elements, EdxQuantifierOptions options, double windowMinKeV, double windowMaxKeV)
    {
        ArgumentNullException.ThrowIfNull(elements);
        ArgumentNullException.ThrowIfNull(options);
        BackgroundCount = options.BackgroundDegree + 1;
        WindowMinKeV = windowMinKeV;
        WindowMaxKeV = windowMaxKeV;
        var comps = new List<EdxModelComponent>();
        _byElement = new Dictionary<string, EdxModelComponent[]>(StringComparer.Ordinal);
        var els = new string[elements.Count];
        for (int ei = 0; ei < elements.Count; ei++)
        {
            var el = options.Table[elements[ei]];
            if (_byElement.ContainsKey(el.Symbol)) throw new ArgumentException($"Element '{el.Symbol}' listed twice.", nameof(elements));
            els[ei] = el.Symbol;
            var mine = new List<EdxModelComponent>();
            foreach (var sub in el.Subshells)
            {
                if (!EdxPhysics.IsExcited(sub, options.BeamEnergyKeV)) continue;
                if (!sub.Subshell.IsMain() && !options.FitMinorSubshells) continue;
                double inside = 0;
                int kept = 0;
                foreach (var l in sub.Lines)
                {
                    if (l.EnergyKeV >= windowMinKeV && l.EnergyKeV <= windowMaxKeV) inside += l.Share;
                    if (l.Share >= 1e-3) kept++;
                }
                if (inside < 0.1 || kept == 0) continue;
                var e = new double[kept];
                var s = new double[kept];
                var sg = new double[kept];
                int k = 0;
                foreach (var l in sub.Lines)
                {
                    if (l.Share < 1e-3) continue;
                    e[k] = l.EnergyKeV;
                    s[k] = l.Share;
                    sg[k] = EdxPhysics.SigmaFromFwhm(EdxPhysics.FwhmKeV(l.EnergyKeV, options.DetectorFwhmMnKaEv));
                    k++;
                }
                var c = new EdxModelComponent(sub, BackgroundCount + comps.Count, e, s, sg, EdxPhysics.Sensitivity(sub, options.BeamEnergyKeV));
                comps.Add(c);
                mine.Add(c);
            }
            if (mine.Count == 0)
                throw new ArgumentException($"Element '{el.Symbol}' has no excited X-ray line in the window {windowMinKeV:0.###}–{windowMaxKeV:0.###} keV at E0 = {options.BeamEnergyKeV} keV.", nameof(elements));
            _byElement[el.Symbol] = mine.ToArray();
        }
        Elements = els;
        Components = comps;
    }

    /// <summary>Fitted elements, in the given order.</summary>
    public IReadOnlyList<string> Elements { get; }
    /// <summary>Peak components; component i sits in column <see cref="BackgroundCount"/> + i.</summary>
    public IReadOnlyList<EdxModelComponent> Components { get; }
    /// <summary>Number of background columns.</summary>
    public int BackgroundCount { get; }
    /// <summary>Total parameters = background + components.</summary>
    public int ParameterCount => BackgroundCount + Components.Count;
    /// <summary>Window, keV (true energy).</summary>
    public double WindowMinKeV { get; }
    /// <summary>Window, keV (true energy).</summary>
    public double WindowMaxKeV { get; }

    /// <summary>The components of <paramref name="element"/>, K first.</summary>
    /// <exception cref="ArgumentException">The element is not in this layout.</exception>
    public IReadOnlyList<EdxModelComponent> ComponentsOf(string element) =>
        _byElement.TryGetValue(element, out var c) ? c : throw new ArgumentException($"Element '{element}' is not part of this fit.", nameof(element));

    /// <summary>The main-subshell component of <paramref name="family"/> for <paramref name="element"/>, or null.</summary>
    public EdxModelComponent? MainComponent(string element, XRayFamily family)
    {
        foreach (var c in ComponentsOf(element))
            if (c.Subshell.Subshell == family.MainSubshell()) return c;
        return null;
    }
}
