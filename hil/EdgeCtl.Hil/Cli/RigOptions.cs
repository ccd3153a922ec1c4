using System.Net;

namespace EdgeCtl.Hil.Cli;

/// <summary>
/// The rig's validated command line (docs/rig.md, "Command line"). Defaults are the paper's
/// section IV.3 values. Produced by <see cref="RigOptionsParser"/>.
/// </summary>
public sealed record RigOptions
{
    /// <summary>Specimen to emulate.</summary>
    public SpecimenKind Specimen { get; init; } = SpecimenKind.Synthetic;
    /// <summary>Seed of the specimen layout, the hidden target and the detector noise.</summary>
    public long Seed { get; init; } = 1;
    /// <summary>Element symbols of the synthetic library, 2–6, in composition order.</summary>
    public IReadOnlyList<string> Elements { get; init; } = ["Au", "Co", "Ni"];
    /// <summary>Instrument seconds per wall second.</summary>
    public double Speedup { get; init; } = 1000;
    /// <summary>Address every listener binds to.</summary>
    public IPAddress Host { get; init; } = IPAddress.Loopback;
    /// <summary>Scan-engine TCP port (0 = ephemeral).</summary>
    public int ScanPort { get; init; }
    /// <summary>Stage GCS TCP port (0 = ephemeral).</summary>
    public int GcsPort { get; init; }
    /// <summary>Control port (0 = ephemeral).</summary>
    public int ControlPort { get; init; }
    /// <summary>Do not create the GCS pseudo-terminal.</summary>
    public bool NoPty { get; init; }
    /// <summary>Shared measured data directory; null = resolve the default (<see cref="DataDirectoryResolver"/>).</summary>
    public string? DataDir { get; init; }
    /// <summary>Particles drawn per µm² for <c>synthetic-highmag</c>; null = its default (27 000).</summary>
    public double? ParticleDensityPerUm2 { get; init; }
    /// <summary>Number K of Gaussians of the hidden target.</summary>
    public int TargetGaussians { get; init; } = 10;
    /// <summary>Width σ of each target Gaussian, in composition (fraction) units.</summary>
    public double TargetSigma { get; init; } = 0.1;
    /// <summary>Stage speed, µm/s.</summary>
    public double StageSpeedUmPerS { get; init; } = 10;
    /// <summary>Duration of a Retune, instrument seconds.</summary>
    public double RetuneSeconds { get; init; } = 5;
    /// <summary>Control overhead per command, ms.</summary>
    public double OverheadMs { get; init; } = 20;
    /// <summary>Exit when stdin reaches end of file (tests use this).</summary>
    public bool ExitOnStdinClose { get; init; }
    /// <summary>Log every command on stderr.</summary>
    public bool Verbose { get; init; }
    /// <summary><c>--help</c> was given: print usage and exit.</summary>
    public bool ShowHelp { get; init; }
}
