using System.Text.RegularExpressions;

namespace EdgeCtl.Service.Configuration;

/// <summary>Checks an <see cref="EdgeCtlOptions"/> before a campaign starts; every message names the key and the allowed values.</summary>
public static partial class OptionsValidator
{
    /// <summary>Known element symbols (Z 3–92), for validating <c>Campaign:Elements</c>.</summary>
    private static readonly HashSet<string> Elements = [.. "Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U".Split(' ')];

    /// <summary>All problems found, empty when the options are valid.</summary>
    public static List<string> Validate(EdgeCtlOptions o)
    {
        var e = new List<string>();
        const string s = EdgeCtlOptions.Section;
        var c = o.Campaign;
        if (c.Id.Length > 0 && !IdPattern().IsMatch(c.Id))
            e.Add($"{s}:Campaign:Id = '{c.Id}': use 1–64 letters, digits, '-', '_' or '.', starting with a letter or digit.");
        if (c.Iterations is < 4 or > 100_000) e.Add($"{s}:Campaign:Iterations = {c.Iterations}: must be 4..100000.");
        if (c.SeedParticles < 1 || c.SeedParticles >= c.Iterations) e.Add($"{s}:Campaign:SeedParticles = {c.SeedParticles}: must be 1..Iterations-1.");
        if (c.Elements.Length is < 2 or > 6) e.Add($"{s}:Campaign:Elements has {c.Elements.Length} elements: a library has 2..6.");
        foreach (var el in c.Elements)
            if (!Elements.Contains(el)) e.Add($"{s}:Campaign:Elements contains '{el}': not an element symbol (Li..U, e.g. Au, Co, Ni).");
        if (c.Elements.Distinct().Count() != c.Elements.Length) e.Add($"{s}:Campaign:Elements repeats an element: {string.Join(',', c.Elements)}.");
        if (c.EvaluationPoints is < 10 or > 100_000) e.Add($"{s}:Campaign:EvaluationPoints = {c.EvaluationPoints}: must be 10..100000.");
        if (string.IsNullOrWhiteSpace(c.RunsDirectory)) e.Add($"{s}:Campaign:RunsDirectory is empty.");

        var i = o.Instrument;
        if (!Endpoint.TryParseHostPort(i.ScanEngine, out _, out _)) e.Add($"{s}:Instrument:ScanEngine = '{i.ScanEngine}': expected host:port.");
        if (!StageEndpoint.TryParse(i.Stage, out _)) e.Add($"{s}:Instrument:Stage = '{i.Stage}': expected tcp://host:port or serial:/dev/ttyX.");
        if (i.RigControl.Length > 0 && !Endpoint.TryParseHostPort(i.RigControl, out _, out _)) e.Add($"{s}:Instrument:RigControl = '{i.RigControl}': expected host:port or empty.");
        if (i.Gpio is not ("rig" or "libgpiod" or "none")) e.Add($"{s}:Instrument:Gpio = '{i.Gpio}': allowed values are rig, libgpiod, none.");
        if (i.Gpio == "rig" && i.RigControl.Length == 0) e.Add($"{s}:Instrument:Gpio = rig needs {s}:Instrument:RigControl.");
        if (i.GpioOffsets.Length != 3) e.Add($"{s}:Instrument:GpioOffsets has {i.GpioOffsets.Length} values: give 3 (beam_blank, interlock_ok, acq_trigger).");
        if (i.StageBaud is not (9600 or 19200 or 38400 or 57600 or 115200 or 230400 or 460800)) e.Add($"{s}:Instrument:StageBaud = {i.StageBaud}: allowed 9600, 19200, 38400, 57600, 115200, 230400, 460800.");
        if (!(i.RequestTimeoutSeconds is > 0 and <= 3600)) e.Add($"{s}:Instrument:RequestTimeoutSeconds = {i.RequestTimeoutSeconds}: must be in (0, 3600].");
        if (!(i.StageMotionMarginSeconds is > 0 and <= 3600)) e.Add($"{s}:Instrument:StageMotionMarginSeconds = {i.StageMotionMarginSeconds}: must be in (0, 3600].");

        var a = o.Acquisition;
        if (a.OverviewPixels != 0 && a.OverviewPixels is < 16 or > 8192) e.Add($"{s}:Acquisition:OverviewPixels = {a.OverviewPixels}: must be 0 (instrument's choice) or 16..8192.");
        if (!(a.OverviewPixelSizeNm is > 0 and <= 10_000)) e.Add($"{s}:Acquisition:OverviewPixelSizeNm = {a.OverviewPixelSizeNm}: must be in (0, 10000] nm.");
        if (!(a.OverviewDwellUs is > 0 and <= 1000)) e.Add($"{s}:Acquisition:OverviewDwellUs = {a.OverviewDwellUs}: must be in (0, 1000] µs.");
        if (!(a.OverviewFovUm is >= 0 and <= 1000)) e.Add($"{s}:Acquisition:OverviewFovUm = {a.OverviewFovUm}: must be 0 (beam-shift range) or in (0, 1000] µm.");
        if (!(a.ExpectedParticleDiameterNm is >= 0 and <= 100_000)) e.Add($"{s}:Acquisition:ExpectedParticleDiameterNm = {a.ExpectedParticleDiameterNm}: must be 0 (unknown) or in (0, 100000] nm.");
        if (!Enum.IsDefined(a.Detector)) e.Add($"{s}:Acquisition:Detector = '{a.Detector}': allowed Haadf, BrightField.");
        if (!Cli.ParticleDetectors.Names.Contains(a.ParticleDetector))
            e.Add($"{s}:Acquisition:ParticleDetector = '{a.ParticleDetector}': allowed {string.Join(", ", Cli.ParticleDetectors.Names)}.");
        if (!(a.EdxFrameSeconds is > 0 and <= 3600)) e.Add($"{s}:Acquisition:EdxFrameSeconds = {a.EdxFrameSeconds}: must be in (0, 3600] s.");
        if (!(a.EelsSeconds is > 0 and <= 3600)) e.Add($"{s}:Acquisition:EelsSeconds = {a.EelsSeconds}: must be in (0, 3600] s.");
        if (!(a.BeamEnergyKeV is >= 5 and <= 400)) e.Add($"{s}:Acquisition:BeamEnergyKeV = {a.BeamEnergyKeV}: must be 5..400 keV.");

        var p = o.Policy;
        if (p.AcquisitionFunction is not ("MaxUncertainty" or "UpperConfidenceBound" or "ExpectedImprovement"))
            e.Add($"{s}:Policy:AcquisitionFunction = '{p.AcquisitionFunction}': allowed MaxUncertainty, UpperConfidenceBound, ExpectedImprovement.");
        if (p.Kernel is not ("Matern52" or "Rbf")) e.Add($"{s}:Policy:Kernel = '{p.Kernel}': allowed Matern52, Rbf.");
        if (p.RefitEvery < 1) e.Add($"{s}:Policy:RefitEvery = {p.RefitEvery}: must be ≥ 1.");
        if (!(p.NoveltyWeight >= 0)) e.Add($"{s}:Policy:NoveltyWeight = {p.NoveltyWeight}: must be ≥ 0.");
        if (!(p.CurvatureCorrection >= 0 && p.CurvatureCorrection <= 1)) e.Add($"{s}:Policy:CurvatureCorrection = {p.CurvatureCorrection}: must be in [0, 1].");
        if (!(p.NoveltyLengthScale > 0)) e.Add($"{s}:Policy:NoveltyLengthScale = {p.NoveltyLengthScale}: must be > 0.");
        if (!(p.StageLatencySeconds >= 0)) e.Add($"{s}:Policy:StageLatencySeconds = {p.StageLatencySeconds}: must be ≥ 0 s.");
        if (!(p.StageSpeedUmPerS > 0)) e.Add($"{s}:Policy:StageSpeedUmPerS = {p.StageSpeedUmPerS}: must be > 0.");
        if (!(p.BeamShiftSeconds >= 0)) e.Add($"{s}:Policy:BeamShiftSeconds = {p.BeamShiftSeconds}: must be ≥ 0 s.");

        if (o.Mqtt.Enabled)
            foreach (var error in o.Mqtt.ToMqttOptions().Validate())
                e.Add($"{s}:{error}");
        return e;
    }

    /// <summary>Throws <see cref="ConfigurationException"/> listing every problem.</summary>
    public static void ThrowIfInvalid(EdgeCtlOptions o)
    {
        var errors = Validate(o);
        if (errors.Count > 0)
            throw new ConfigurationException("Invalid configuration:\n  " + string.Join("\n  ", errors));
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex IdPattern();
}

/// <summary>The configuration is invalid; the message names every bad key.</summary>
public sealed class ConfigurationException(string message) : Exception(message);
