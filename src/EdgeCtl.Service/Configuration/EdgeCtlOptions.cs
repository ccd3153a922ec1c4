using EdgeCtl.Realtime;

namespace EdgeCtl.Service.Configuration;

/// <summary>
/// The whole configuration, bound from the <c>EdgeCtl</c> section of appsettings.json, environment
/// variables (<c>EdgeCtl__Campaign__Iterations=150</c>) and the command line, in that order of
/// precedence (last wins). <see cref="OptionsValidator"/> checks it before anything starts.
/// </summary>
public sealed class EdgeCtlOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "EdgeCtl";

    /// <summary>What to explore and for how long.</summary>
    public CampaignOptions Campaign { get; set; } = new();
    /// <summary>Where the devices are.</summary>
    public InstrumentOptions Instrument { get; set; } = new();
    /// <summary>Overview, EDX and EELS acquisition parameters.</summary>
    public AcquisitionOptions Acquisition { get; set; } = new();
    /// <summary>Bayesian-optimisation policy parameters.</summary>
    public PolicySettings Policy { get; set; } = new();
    /// <summary>Lab-wide status over MQTT.</summary>
    public MqttSettings Mqtt { get; set; } = new();

    /// <summary>Fills array defaults that binding leaves empty (see <see cref="CampaignOptions.Elements"/>).</summary>
    public EdgeCtlOptions ApplyDefaults()
    {
        if (Campaign.Elements.Length == 0) Campaign.Elements = [.. CampaignOptions.DefaultElements];
        if (Instrument.GpioOffsets.Length == 0) Instrument.GpioOffsets = [.. InstrumentOptions.DefaultGpioOffsets];
        return this;
    }
}

/// <summary>Campaign parameters (paper section IV.3 defaults).</summary>
public sealed class CampaignOptions
{
    /// <summary>Campaign id and run-folder name; empty = <c>yyyyMMdd-HHmmss-specimen</c>. Letters, digits, '-', '_', '.'.</summary>
    public string Id { get; set; } = "";
    /// <summary>EELS measurements to make, the seed particles included (paper: 150 in 3D).</summary>
    public int Iterations { get; set; } = 150;
    /// <summary>Random seed particles measured before BO starts (paper: 3).</summary>
    public int SeedParticles { get; set; } = 3;
    /// <summary>Seed of every random choice of the campaign.</summary>
    public ulong Seed { get; set; } = 1;
    /// <summary>Elements of the library, in composition order (2–6); empty = <see cref="DefaultElements"/>.
    /// (Arrays start empty because the configuration binder appends to an initialised array.)</summary>
    public string[] Elements { get; set; } = [];
    /// <summary>The paper's 3D library, Au–Co–Ni.</summary>
    public static readonly string[] DefaultElements = ["Au", "Co", "Ni"];
    /// <summary>Folder holding one run folder per campaign.</summary>
    public string RunsDirectory { get; set; } = "runs";
    /// <summary>Size of the fixed evaluation set on the simplex for mean σ and abs error.</summary>
    public int EvaluationPoints { get; set; } = 400;
    /// <summary>Specimen label for reports; empty = as announced by the instrument.</summary>
    public string Specimen { get; set; } = "";
    /// <summary>First region: its index in the region grid, or -1 for the grid's centre.</summary>
    public int StartRegion { get; set; } = -1;
}

/// <summary>Device endpoints.</summary>
public sealed class InstrumentOptions
{
    /// <summary>Scan engine, <c>host:port</c> (binary protocol, docs/wire-protocol.md §2).</summary>
    public string ScanEngine { get; set; } = "127.0.0.1:7100";
    /// <summary>Stage: <c>tcp://host:port</c> or <c>serial:/dev/ttyX</c> (PI GCS, §1).</summary>
    public string Stage { get; set; } = "tcp://127.0.0.1:7101";
    /// <summary>Serial baud rate for a serial stage.</summary>
    public int StageBaud { get; set; } = 115200;
    /// <summary>HIL rig control port <c>host:port</c> (emulated GPIO, ground truth for reports); empty on a real instrument.</summary>
    public string RigControl { get; set; } = "";
    /// <summary>GPIO lines: <c>rig</c> (emulated, via RigControl), <c>libgpiod</c>, or <c>none</c>.</summary>
    public string Gpio { get; set; } = "rig";
    /// <summary>gpiochip for libgpiod.</summary>
    public string GpioChip { get; set; } = "gpiochip0";
    /// <summary>Line offsets on the chip for libgpiod: beam_blank, interlock_ok, acq_trigger; empty = <see cref="DefaultGpioOffsets"/>.</summary>
    public int[] GpioOffsets { get; set; } = [];
    /// <summary>Default libgpiod offsets (BCM 17, 27, 22 on a Raspberry-Pi-style header).</summary>
    public static readonly int[] DefaultGpioOffsets = [17, 27, 22];
    /// <summary>Wall-time limit for one device request, s.</summary>
    public double RequestTimeoutSeconds { get; set; } = 30;
    /// <summary>Wall-time allowance beyond the expected move time before a stage move is declared stalled, s.</summary>
    public double StageMotionMarginSeconds { get; set; } = 10;
}

/// <summary>Acquisition parameters (paper section IV.3: EDX 10 s per frame, EELS 1 s).</summary>
public sealed class AcquisitionOptions
{
    /// <summary>Overview frame width and height, px; 0 = the instrument's preferred width, else from <see cref="OverviewPixelSizeNm"/>.</summary>
    public int OverviewPixels { get; set; }
    /// <summary>Largest overview pixel size, nm, when the frame size is chosen automatically: the frame is the
    /// power of two that samples the FoV at least this finely (so a 20 nm particle spans a few pixels), at most 4096.</summary>
    public double OverviewPixelSizeNm { get; set; } = 15;
    /// <summary>Overview dwell time per pixel, µs.</summary>
    public double OverviewDwellUs { get; set; } = 1;
    /// <summary>Overview FoV, µm; 0 = chosen by the campaign (Campaign/OverviewPlan.cs): the instrument's beam-shift
    /// range, or narrower for a SAM-based detector when <see cref="ExpectedParticleDiameterNm"/> is known.</summary>
    public double OverviewFovUm { get; set; }
    /// <summary>Expected particle diameter, nm; 0 = unknown. When known, the campaign chooses the overview so this
    /// diameter spans the particle detector's preferred size (SAM: 64 px of its 1024-px encoder frame; classical: ≥ 4 px).</summary>
    public double ExpectedParticleDiameterNm { get; set; }
    /// <summary>Imaging detector for overviews.</summary>
    public DetectorKind Detector { get; set; } = DetectorKind.Haadf;
    /// <summary>Particle detector: <c>auto</c> (default: SAM where particles are resolved, classical elsewhere; falls back to
    /// <c>classical</c> when the SAM models are missing or fail to load), <c>auto-fp32</c>, <c>sam</c>, <c>sam-fp32</c> or <c>classical</c>.</summary>
    public string ParticleDetector { get; set; } = "auto";
    /// <summary>EDX time per FoV, s, shared among the FoV's particles.</summary>
    public double EdxFrameSeconds { get; set; } = 10;
    /// <summary>EELS time per particle, s.</summary>
    public double EelsSeconds { get; set; } = 1;
    /// <summary>Beam energy, keV (EDX quantification).</summary>
    public double BeamEnergyKeV { get; set; } = 200;
    /// <summary>Particles smaller than this equivalent radius are ignored, nm.</summary>
    public double MinParticleRadiusNm { get; set; }
}

/// <summary>Policy parameters (paper eqs 4–17); see EdgeCtl.Policy.PolicyOptions for meanings.</summary>
public sealed class PolicySettings
{
    /// <summary>Acquisition function: MaxUncertainty (paper), UpperConfidenceBound, ExpectedImprovement.</summary>
    public string AcquisitionFunction { get; set; } = "MaxUncertainty";
    /// <summary>GP kernel: Matern52 or Rbf.</summary>
    public string Kernel { get; set; } = "Matern52";
    /// <summary>Refit GP hyperparameters every this many observations.</summary>
    public int RefitEvery { get; set; } = 10;
    /// <summary>Novelty weight λ_nov (eq 15).</summary>
    public double NoveltyWeight { get; set; } = 0.5;
    /// <summary>Novelty length scale d_0 (eq 14), composition units.</summary>
    public double NoveltyLengthScale { get; set; } = 0.1;
    /// <summary>Stage latency t_0 of eq 5: retune + overview + EDX of the new region, s.</summary>
    public double StageLatencySeconds { get; set; } = 16;
    /// <summary>Stage speed v, µm/s.</summary>
    public double StageSpeedUmPerS { get; set; } = 10;
    /// <summary>Beam-shift repositioning time t_bs, s.</summary>
    public double BeamShiftSeconds { get; set; } = 0.02;
    /// <summary>Take each particle's EDX σ_tot (eq 3) into the GP as input noise (errors in variables; EdgeCtl's own
    /// surrogate, see EdgeCtl.Policy.UncertainInputKernel). false = the paper's surrogate.</summary>
    public bool ModelCompositionUncertainty { get; set; }
    /// <summary>Take each particle's EDX σ_tot into the GP by local linearisation instead: noise τ² ‖∇μ‖² per observation
    /// (EdgeCtl.Policy.NoisyInputCorrection; the simulator's "ours"). false = off.</summary>
    public bool GradientInputNoise { get; set; }
    /// <summary>With GradientInputNoise: weight c in [0, 1] of the curvature correction −½ c τ² Δμ of each target
    /// (0 = off; the simulator's "ours" uses 0.5).</summary>
    public double CurvatureCorrection { get; set; }
}

/// <summary>MQTT connection (DESIGN.md, MQTT).</summary>
public sealed class MqttSettings
{
    /// <summary>Publish status and events.</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>Broker host.</summary>
    public string Host { get; set; } = "127.0.0.1";
    /// <summary>Broker port.</summary>
    public int Port { get; set; } = 1883;
    /// <summary>User name (empty = anonymous).</summary>
    public string Username { get; set; } = "";
    /// <summary>Password (never written to the store or reports).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Password { get; set; } = "";
    /// <summary>Instrument id: topic root <c>edgectl/{id}/</c>.</summary>
    public string InstrumentId { get; set; } = "stem-01";

    /// <summary>The publisher's options (validated by <see cref="EdgeCtl.Service.Mqtt.MqttOptions.Validate"/>).</summary>
    public EdgeCtl.Service.Mqtt.MqttOptions ToMqttOptions() => new()
    {
        Host = Host,
        Port = Port,
        Username = Username.Length > 0 ? Username : null,
        Password = Password.Length > 0 ? Password : null,
        InstrumentId = InstrumentId,
    };
}
