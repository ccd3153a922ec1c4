namespace EdgeCtl.Policy.Simulation;

/// <summary>A stage arrival in a region.</summary>
/// <param name="Region">Region index (row-major).</param>
/// <param name="Iteration">Measurements made before the arrival.</param>
/// <param name="InstrumentSeconds">Instrument time at arrival (after travel, retune and EDX frame).</param>
public readonly record struct RegionVisit(int Region, int Iteration, double InstrumentSeconds);

/// <summary>
/// The trace of one simulated campaign: per iteration (measurement) the mean predictive σ and mean absolute error
/// over the fixed evaluation set, the instrument time, region, particle and its position and composition; the
/// stage's region visits; the fraction of each visited region's particles measured.
/// </summary>
public sealed class SimulationRun
{
    internal SimulationRun(SimulationPolicy policy, ulong seed, int dimensions, int iterations, int regionsPerSide, double fovUm)
    {
        Policy = policy;
        Seed = seed;
        Dimensions = dimensions;
        RegionsPerSide = regionsPerSide;
        FovUm = fovUm;
        MeanSigma = new double[iterations];
        MeanAbsError = new double[iterations];
        InstrumentSeconds = new double[iterations];
        Region = new int[iterations];
        Particle = new int[iterations];
        XUm = new double[iterations];
        YUm = new double[iterations];
        Compositions = new double[iterations * dimensions];
        PlannedIterations = iterations;
    }

    /// <summary>Planned measurements: final figures are taken here (a run to a target may go on beyond it).</summary>
    public int PlannedIterations { get; internal set; }

    /// <summary>Index of the final measurement for reporting: the planned one, or the last made if fewer.</summary>
    public int FinalIndex => Math.Min(Iterations, PlannedIterations) - 1;

    /// <summary>The policy.</summary>
    public SimulationPolicy Policy { get; }
    /// <summary>The seed (specimen, truth, evaluation set, seed particles, policy).</summary>
    public ulong Seed { get; }
    /// <summary>D.</summary>
    public int Dimensions { get; }
    /// <summary>Regions per side of the area.</summary>
    public int RegionsPerSide { get; }
    /// <summary>FoV side, µm.</summary>
    public double FovUm { get; }
    /// <summary>Measurements made (less than planned only when the area was exhausted).</summary>
    public int Iterations { get; internal set; }
    /// <summary>Mean predictive σ over the evaluation set after each measurement (target units).</summary>
    public double[] MeanSigma { get; }
    /// <summary>Mean |μ − truth| over the evaluation set after each measurement.</summary>
    public double[] MeanAbsError { get; }
    /// <summary>Instrument seconds since the start, at the end of each measurement.</summary>
    public double[] InstrumentSeconds { get; }
    /// <summary>Region of each measurement.</summary>
    public int[] Region { get; }
    /// <summary>Specimen index of each measured particle.</summary>
    public int[] Particle { get; }
    /// <summary>Stage X of each measured particle, µm.</summary>
    public double[] XUm { get; }
    /// <summary>Stage Y of each measured particle, µm.</summary>
    public double[] YUm { get; }
    /// <summary>EDX compositions of the measured particles, iterations × D row-major.</summary>
    public double[] Compositions { get; }
    /// <summary>Stage arrivals in order (the first is the start region).</summary>
    public List<RegionVisit> Visits { get; } = [];
    /// <summary>For each distinct region in first-visit order: fraction of its particles measured by the end.</summary>
    public List<double> MeasuredFractionByVisitOrder { get; } = [];
    /// <summary>Total instrument seconds.</summary>
    public double TotalSeconds => FinalIndex < 0 ? 0 : InstrumentSeconds[FinalIndex];

    /// <summary>Instrument seconds when the mean abs error first reached ≤ <paramref name="targetError"/>; NaN if never.</summary>
    public double SecondsToReach(double targetError)
    {
        for (int i = 0; i < Iterations; i++)
            if (MeanAbsError[i] <= targetError) return InstrumentSeconds[i];
        return double.NaN;
    }
}
