using System.Globalization;
using System.Text;
using EdgeCtl.Hil.Clock;
using EdgeCtl.Hil.Diagnostics;
using EdgeCtl.Hil.Faults;
using EdgeCtl.Hil.Specimens;

namespace EdgeCtl.Hil.Control;

/// <summary>
/// Executes rig control commands (docs/wire-protocol.md §4; extension <c>PARTICLES IN</c> in
/// docs/rig.md): one line in, one answer line out, <c>OK [value]</c> or <c>ERR &lt;text&gt;</c>.
/// Control commands do not cost instrument time. Thread-safe (state lives in the shared objects).
/// </summary>
public sealed class ControlInterpreter(
    GpioLines gpio,
    VirtualInstrumentClock clock,
    FaultBoard faults,
    ISpecimen specimen,
    Func<int> closeScanConnections)
{
    /// <summary>Executes <paramref name="line"/> (without LF); returns the answer (without LF).</summary>
    public string Execute(string line)
    {
        string[] t = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (t.Length == 0) return "ERR empty command";
        RigLog.Debug($"control <- {line}");
        try
        {
            return t[0].ToUpperInvariant() switch
            {
                "GPIO" => Gpio(t),
                "CLOCK" => Expect(t, 1, "CLOCK") ?? "OK " + Number(clock.NowSeconds),
                "FAULT" => Fault(t),
                "TARGET" => Target(line),
                "ELEMENTS" => Expect(t, 1, "ELEMENTS") ?? "OK " + string.Join(' ', specimen.Elements),
                "PARTICLES" => Particles(t),
                _ => $"ERR unknown command '{t[0]}' (expected GPIO, CLOCK, FAULT, TARGET, ELEMENTS, PARTICLES)",
            };
        }
        catch (FormatException e)
        {
            return "ERR " + e.Message;
        }
    }

    private static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string? Expect(string[] t, int count, string usage) =>
        t.Length == count ? null : $"ERR usage: {usage}";

    private string Gpio(string[] t)
    {
        if (t.Length < 3) return "ERR usage: GPIO GET <line> | GPIO SET <line> <0|1>";
        string op = t[1].ToUpperInvariant();
        string name = t[2];
        if (!GpioLines.IsKnown(name))
            return $"ERR unknown GPIO line '{name}' (expected {string.Join(", ", GpioLines.Names)})";
        if (op == "GET" && t.Length == 3) return gpio.Get(name) ? "OK 1" : "OK 0";
        if (op == "SET" && t.Length == 4)
        {
            if (t[3] is not ("0" or "1")) return $"ERR GPIO SET level must be 0 or 1 (got '{t[3]}')";
            gpio.Set(name, t[3] == "1");
            RigLog.Info($"control: GPIO {name} = {t[3]}");
            return "OK";
        }
        return "ERR usage: GPIO GET <line> | GPIO SET <line> <0|1>";
    }

    private string Fault(string[] t)
    {
        if (t.Length < 2) return "ERR usage: FAULT <name> [args] | FAULT CLEAR";
        string name = t[1];
        string? answer = name.ToLowerInvariant() switch
        {
            "clear" when t.Length == 2 => Do(faults.Clear),
            "tcp-close-mid-image" when t.Length is 2 or 3 => Do(() => faults.ArmCloseMidImage(t.Length == 3 ? PositiveInt(t[2], "count") : 1)),
            "stage-stall" when t.Length == 2 => Do(faults.ArmStageStall),
            "corrupt-bytes" when t.Length == 3 => Do(() => faults.ArmCorruptBytes(PositiveInt(t[2], "n"))),
            "drop-bytes" when t.Length == 3 => Do(() => faults.ArmDropBytes(PositiveInt(t[2], "n"))),
            "delay-ms" when t.Length == 3 => Do(() => faults.ArmDelay(NonNegativeInt(t[2], "ms"))),
            "close-scan" when t.Length == 2 => Do(() => RigLog.Warn($"control: fault close-scan closed {closeScanConnections()} connection(s)")),
            "tcp-close-mid-image" or "stage-stall" or "corrupt-bytes" or "drop-bytes" or "delay-ms" or "close-scan" or "clear" =>
                $"ERR wrong arguments for FAULT {name} (see docs/wire-protocol.md §4)",
            _ => null,
        };
        if (answer is null)
            return $"ERR unknown fault '{name}' (expected tcp-close-mid-image, stage-stall, corrupt-bytes, drop-bytes, delay-ms, close-scan, CLEAR)";
        if (answer == "OK") RigLog.Warn($"control: FAULT {string.Join(' ', t.AsSpan(1).ToArray())}");
        return answer;
    }

    private static string Do(Action action)
    {
        action();
        return "OK";
    }

    private static int PositiveInt(string s, string what)
    {
        int v = NonNegativeInt(s, what);
        return v > 0 ? v : throw new FormatException($"{what} must be ≥ 1 (got {s})");
    }

    private static int NonNegativeInt(string s, string what) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int v)
            ? v
            : throw new FormatException($"{what} must be a non-negative integer (got '{s}')");

    private string Target(string line)
    {
        int d = specimen.Elements.Count;
        string body = line.Trim()[6..];
        string[] groups = body.Split(';');
        var answer = new StringBuilder("OK");
        Span<double> c = stackalloc double[d];
        for (int g = 0; g < groups.Length; g++)
        {
            string[] parts = groups[g].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != d)
                return $"ERR TARGET composition {g + 1} has {parts.Length} fractions, expected {d} ({string.Join(' ', specimen.Elements)})";
            for (int i = 0; i < d; i++)
            {
                if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out c[i]) || !double.IsFinite(c[i]))
                    return $"ERR TARGET composition {g + 1}: '{parts[i]}' is not a number";
            }
            answer.Append(' ').Append(Number(specimen.Target.Evaluate(c)));
        }
        return answer.ToString();
    }

    private string Particles(string[] t)
    {
        if (t.Length == 1)
            return specimen.ParticleCount is int n
                ? "OK " + n.ToString(CultureInfo.InvariantCulture)
                : $"ERR the {specimen.Name} specimen's particle count is unknown (recorded data)";
        if (t.Length != 6 || !t[1].Equals("IN", StringComparison.OrdinalIgnoreCase))
            return "ERR usage: PARTICLES | PARTICLES IN <x0_um> <y0_um> <x1_um> <y1_um>";
        if (specimen is not IParticleGroundTruth truth)
            return $"ERR the {specimen.Name} specimen has no particle ground truth";
        Span<double> box = stackalloc double[4];
        for (int i = 0; i < 4; i++)
            if (!double.TryParse(t[i + 2], NumberStyles.Float, CultureInfo.InvariantCulture, out box[i]) || !double.IsFinite(box[i]))
                return $"ERR PARTICLES IN: '{t[i + 2]}' is not a number";
        var list = new List<ParticleTruth>();
        truth.CollectParticles(box[0], box[1], box[2], box[3], list);
        var answer = new StringBuilder("OK ").Append(list.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var p in list)
        {
            answer.Append(" ; ").Append(Number(p.XUm)).Append(' ').Append(Number(p.YUm)).Append(' ').Append(Number(p.RadiusNm));
            foreach (double f in p.Composition) answer.Append(' ').Append(Number(f));
        }
        return answer.ToString();
    }
}
