namespace EdgeCtl.Policy.Simulation;

/// <summary>
/// The paper's simulated random library (section IV.3): a Poisson number of particles (mean ρ·L²) placed
/// uniformly on an L × L µm area, radii normal (mean, s.d.) truncated at 2 nm, true compositions uniform on the
/// simplex, and for each particle the composition the EDX frame would report (<see cref="EdxCompositionNoise"/>).
/// The area is tiled by FoV-sized regions, row-major from (0, 0). Immutable after construction.
/// </summary>
public sealed class SimulatedSpecimen
{
    private readonly double[] _x, _y, _radius, _truth, _measured, _sigmaTotal;
    private readonly int[][] _regionParticles;

    /// <summary>Draws a specimen from <paramref name="random"/>.</summary>
    public SimulatedSpecimen(SimulationOptions options, PolicyRandom random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        options.Validate();
        int d = Dimensions = options.Dimensions;
        Side = options.RegionsPerSide;
        FovUm = options.FovUm;
        double side = Side * FovUm; // only whole FoVs are accessible
        int n = random.NextPoisson(options.DensityPerUm2 * side * side);
        Count = n;
        _x = new double[n];
        _y = new double[n];
        _radius = new double[n];
        _truth = new double[n * d];
        _measured = new double[n * d];
        _sigmaTotal = new double[n];
        Span<double> sig = stackalloc double[d];
        var lists = new List<int>[Side * Side];
        for (int r = 0; r < lists.Length; r++) lists[r] = [];
        for (int i = 0; i < n; i++)
        {
            _x[i] = random.NextDouble() * side;
            _y[i] = random.NextDouble() * side;
            double rad;
            do rad = options.RadiusMeanNm + options.RadiusSdNm * EdxCompositionNoise.NextGaussian(random); while (rad < 2);
            _radius[i] = rad;
            random.NextSimplexPoint(_truth.AsSpan(i * d, d));
            _sigmaTotal[i] = EdxCompositionNoise.Measure(_truth.AsSpan(i * d, d), options.EdxSigma, random,
                _measured.AsSpan(i * d, d), sig);
            int col = Math.Min((int)(_x[i] / FovUm), Side - 1), row = Math.Min((int)(_y[i] / FovUm), Side - 1);
            lists[row * Side + col].Add(i);
        }
        _regionParticles = new int[lists.Length][];
        for (int r = 0; r < lists.Length; r++) _regionParticles[r] = [.. lists[r]];
    }

    /// <summary>D.</summary>
    public int Dimensions { get; }
    /// <summary>Number of particles.</summary>
    public int Count { get; }
    /// <summary>Regions per side.</summary>
    public int Side { get; }
    /// <summary>Regions.</summary>
    public int RegionCount => Side * Side;
    /// <summary>FoV side, µm.</summary>
    public double FovUm { get; }

    /// <summary>Particle position, µm.</summary>
    public (double XUm, double YUm) Position(int particle) => (_x[particle], _y[particle]);
    /// <summary>Particle radius, nm.</summary>
    public double RadiusNm(int particle) => _radius[particle];
    /// <summary>True composition (length D).</summary>
    public ReadOnlySpan<double> TrueComposition(int particle) => _truth.AsSpan(particle * Dimensions, Dimensions);
    /// <summary>Composition reported by EDX after eqs 2–3 (length D): what the policy sees.</summary>
    public ReadOnlySpan<double> MeasuredComposition(int particle) => _measured.AsSpan(particle * Dimensions, Dimensions);
    /// <summary>σ_tot of eq 3.</summary>
    public double SigmaTotal(int particle) => _sigmaTotal[particle];
    /// <summary>Particle indices in a region.</summary>
    public ReadOnlySpan<int> ParticlesIn(int region) => _regionParticles[region];
    /// <summary>Centre of a region, µm.</summary>
    public (double XUm, double YUm) Center(int region) => ((region % Side + 0.5) * FovUm, (region / Side + 0.5) * FovUm);
    /// <summary>The region nearest the middle of the area.</summary>
    public int CentralRegion => Side / 2 * Side + Side / 2;
}
