using System.Globalization;
using System.Net;

namespace EdgeCtl.Hil.Cli;

/// <summary>
/// Parses the rig's arguments (docs/rig.md, "Command line"). Accepts <c>--name value</c> and
/// <c>--name=value</c>. Every error is a <see cref="RigUsageException"/> naming the argument.
/// </summary>
public static class RigOptionsParser
{
    /// <summary>The usage text printed by <c>--help</c>.</summary>
    public const string Usage = """
        edgectl-hil — EdgeCtl hardware-in-the-loop STEM emulator (stage, scan engine, detectors, GPIO)

        usage: edgectl-hil [options]

          --specimen synthetic|synthetic-highmag|replay
                                        specimen to emulate (default synthetic; synthetic-highmag: spheres,
                                        rods and platelets a few nm across, 100 nm beam-shift range)
          --particle-density D          particles per µm² of synthetic-highmag (default 27000)
          --seed N                      seed of layout, target and noise (default 1)
          --elements Au,Co,Ni           2-6 element symbols of the synthetic library (default Au,Co,Ni)
          --speedup S                   instrument seconds per wall second (default 1000)
          --host ADDR                   listen address (default 127.0.0.1)
          --scan-port P                 scan-engine TCP port (default 0 = ephemeral)
          --gcs-port P                  stage PI-GCS TCP port (default 0)
          --control-port P              rig control port (default 0)
          --no-pty                      do not offer the stage on a pseudo-terminal
          --data-dir DIR                shared measured data (default ../shared/data, then beside the repository)
          --target-gaussians K          Gaussians in the hidden EELS target (default 10)
          --target-sigma S              width of each target Gaussian (default 0.1)
          --stage-speed-um-s V          stage speed in µm/s (default 10)
          --retune-s S                  duration of a Retune in instrument seconds (default 5)
          --overhead-ms MS              control overhead per command (default 20)
          --exit-on-stdin-close         exit when stdin reaches end of file
          --verbose                     log every command on stderr
          --help                        print this text

        When every listener is up the rig prints one line on stdout:
          EDGECTL-HIL READY {"scan":"host:port","gcs_tcp":...,"gcs_tty":...,"control":...,...}
        See docs/rig.md and docs/wire-protocol.md.
        """;

    /// <summary>Parses <paramref name="args"/>.</summary>
    /// <exception cref="RigUsageException">An argument is unknown, missing its value, or invalid.</exception>
    public static RigOptions Parse(IReadOnlyList<string> args)
    {
        var o = new RigOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
                throw new RigUsageException($"unexpected argument '{arg}': options start with '--'");
            string name = arg;
            string? inlineValue = null;
            int eq = arg.IndexOf('=');
            if (eq > 0)
            {
                name = arg[..eq];
                inlineValue = arg[(eq + 1)..];
            }

            string Value()
            {
                if (inlineValue is not null) return inlineValue;
                if (i + 1 >= args.Count)
                    throw new RigUsageException($"{name} needs a value");
                return args[++i];
            }

            void NoValue()
            {
                if (inlineValue is not null)
                    throw new RigUsageException($"{name} takes no value (got '{inlineValue}')");
            }

            switch (name)
            {
                case "--help" or "-h": NoValue(); o = o with { ShowHelp = true }; break;
                case "--specimen": o = o with { Specimen = ParseSpecimen(Value()) }; break;
                case "--seed": o = o with { Seed = ParseLong(name, Value()) }; break;
                case "--elements": o = o with { Elements = ParseElements(Value()) }; break;
                case "--speedup": o = o with { Speedup = ParseDouble(name, Value(), min: 0, minInclusive: false, max: 1e9) }; break;
                case "--host": o = o with { Host = ParseHost(Value()) }; break;
                case "--scan-port": o = o with { ScanPort = ParsePort(name, Value()) }; break;
                case "--gcs-port": o = o with { GcsPort = ParsePort(name, Value()) }; break;
                case "--control-port": o = o with { ControlPort = ParsePort(name, Value()) }; break;
                case "--no-pty": NoValue(); o = o with { NoPty = true }; break;
                case "--data-dir": o = o with { DataDir = NonEmpty(name, Value()) }; break;
                case "--particle-density": o = o with { ParticleDensityPerUm2 = ParseDouble(name, Value(), 0, false, 1e6) }; break;
                case "--target-gaussians": o = o with { TargetGaussians = (int)ParseLong(name, Value(), 1, 100_000) }; break;
                case "--target-sigma": o = o with { TargetSigma = ParseDouble(name, Value(), 0, false, 10) }; break;
                case "--stage-speed-um-s": o = o with { StageSpeedUmPerS = ParseDouble(name, Value(), 0, false, 1e6) }; break;
                case "--retune-s": o = o with { RetuneSeconds = ParseDouble(name, Value(), 0, true, 3600) }; break;
                case "--overhead-ms": o = o with { OverheadMs = ParseDouble(name, Value(), 0, true, 60_000) }; break;
                case "--exit-on-stdin-close": NoValue(); o = o with { ExitOnStdinClose = true }; break;
                case "--verbose": NoValue(); o = o with { Verbose = true }; break;
                default: throw new RigUsageException($"unknown option '{name}'");
            }
        }
        if (o.ParticleDensityPerUm2 is not null && o.Specimen != SpecimenKind.SyntheticHighMag)
            throw new RigUsageException("--particle-density applies only to --specimen synthetic-highmag");
        return o;
    }

    private static SpecimenKind ParseSpecimen(string v) => v switch
    {
        "synthetic" => SpecimenKind.Synthetic,
        "replay" => SpecimenKind.Replay,
        "synthetic-highmag" => SpecimenKind.SyntheticHighMag,
        _ => throw new RigUsageException($"--specimen must be 'synthetic', 'synthetic-highmag' or 'replay' (got '{v}')"),
    };

    private static string NonEmpty(string name, string v) =>
        string.IsNullOrWhiteSpace(v) ? throw new RigUsageException($"{name} must not be empty") : v;

    private static long ParseLong(string name, string v, long min = long.MinValue, long max = long.MaxValue)
    {
        if (!long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long x))
            throw new RigUsageException($"{name} expects an integer (got '{v}')");
        if (x < min || x > max)
            throw new RigUsageException($"{name} must be in [{min}, {max}] (got {x})");
        return x;
    }

    private static int ParsePort(string name, string v) => (int)ParseLong(name, v, 0, 65535);

    private static double ParseDouble(string name, string v, double min, bool minInclusive, double max)
    {
        if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) || !double.IsFinite(x))
            throw new RigUsageException($"{name} expects a finite number (got '{v}')");
        bool aboveMin = minInclusive ? x >= min : x > min;
        if (!aboveMin || x > max)
            throw new RigUsageException($"{name} must be {(minInclusive ? "≥" : ">")} {min.ToString(CultureInfo.InvariantCulture)} and ≤ {max.ToString(CultureInfo.InvariantCulture)} (got {v})");
        return x;
    }

    private static IPAddress ParseHost(string v) =>
        IPAddress.TryParse(v, out var ip) ? ip : throw new RigUsageException($"--host expects an IP address such as 127.0.0.1 (got '{v}')");

    private static string[] ParseElements(string v)
    {
        string[] parts = v.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length is < 2 or > 6)
            throw new RigUsageException($"--elements expects 2 to 6 comma-separated element symbols (got {parts.Length} in '{v}')");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string p in parts)
        {
            bool wellFormed = p.Length is 1 or 2 && char.IsAsciiLetterUpper(p[0]) && (p.Length == 1 || char.IsAsciiLetterLower(p[1]));
            if (!wellFormed)
                throw new RigUsageException($"--elements: '{p}' is not an element symbol (expected e.g. Au, Co, Ni)");
            if (!seen.Add(p))
                throw new RigUsageException($"--elements: '{p}' is listed twice");
        }
        return parts;
    }
}
