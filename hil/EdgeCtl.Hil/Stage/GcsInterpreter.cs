using System.Globalization;
using System.Text;
using EdgeCtl.Hil.Diagnostics;

namespace EdgeCtl.Hil.Stage;

/// <summary>
/// Executes PI GCS 2.0 commands (the subset of docs/wire-protocol.md §1) against a
/// <see cref="StageController"/> and formats the answers: numbers invariant with 6 decimals,
/// multi-line answers ending every line but the last with a space before LF. A malformed command
/// sets error 1, an unknown one error 2; neither is answered. Stateless apart from the controller,
/// so both transports and all their connections share one instance.
/// </summary>
public sealed class GcsInterpreter(StageController stage)
{
    /// <summary>Single-byte command #5: motion status.</summary>
    public const byte MotionStatusByte = 0x05;
    /// <summary>Single-byte command #24: emergency stop.</summary>
    public const byte StopByte = 0x18;

    /// <summary>Executes a single-byte command; returns the answer (with LF) or null.</summary>
    public string? ExecuteControlByte(byte command)
    {
        switch (command)
        {
            case MotionStatusByte:
                stage.ChargeMotionQuery();
                return stage.MotionMask().ToString(CultureInfo.InvariantCulture) + "\n";
            case StopByte:
                stage.ChargeCommand();
                stage.Halt();
                return null;
            default:
                return null;
        }
    }

    /// <summary>Executes one command line (without LF); returns the answer (with its final LF) or null.</summary>
    public string? Execute(string line)
    {
        string[] tokens = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0) return null;
        string command = tokens[0].ToUpperInvariant();
        var args = tokens.AsSpan(1);
        RigLog.Debug($"gcs <- {line}");
        switch (command)
        {
            case "*IDN?":
                stage.ChargeCommand();
                return StageController.Identification + "\n";
            case "ERR?":
                stage.ChargeCommand();
                return stage.TakeError().ToString(CultureInfo.InvariantCulture) + "\n";
            case "SVO":
                stage.ChargeCommand();
                return SetServo(args);
            case "SVO?":
                stage.ChargeCommand();
                return AxisQuery(args, axis => stage.Servo(axis) ? "1" : "0");
            case "MOV":
                stage.ChargeCommand();
                return Move(args);
            case "POS?":
                stage.ChargeMotionQuery();
                return AxisQuery(args, axis =>
                {
                    var (x, y) = stage.Position();
                    return Number(axis == 1 ? x : y);
                });
            case "ONT?":
                stage.ChargeMotionQuery();
                return AxisQuery(args, axis => stage.OnTarget(axis) ? "1" : "0");
            case "VEL":
                stage.ChargeCommand();
                return SetVelocity(args);
            case "VEL?":
                stage.ChargeCommand();
                return AxisQuery(args, axis => Number(stage.Velocity(axis)));
            case "TMN?":
                stage.ChargeCommand();
                return AxisQuery(args, axis => Number(stage.Min[axis - 1]));
            case "TMX?":
                stage.ChargeCommand();
                return AxisQuery(args, axis => Number(stage.Max[axis - 1]));
            case "HLT":
                stage.ChargeCommand();
                if (!TryParseAxes(args, stackalloc int[2], out _)) return SyntaxError();
                stage.Halt();
                return null;
            default:
                stage.ChargeCommand();
                stage.SetError(GcsErrorCode.UnknownCommand);
                RigLog.Warn($"gcs: unknown command '{line}' (error 2)");
                return null;
        }
    }

    /// <summary>GCS number format: invariant, 6 decimals.</summary>
    public static string Number(double value) => value.ToString("F6", CultureInfo.InvariantCulture);

    private string? SyntaxError()
    {
        stage.SetError(GcsErrorCode.ParameterSyntax);
        return null;
    }

    private string? Move(ReadOnlySpan<string> args)
    {
        Span<(int, double)> pairs = stackalloc (int, double)[2];
        if (!TryParsePairs(args, pairs, out int n)) return SyntaxError();
        stage.Move(pairs[..n]);
        return null;
    }

    private string? SetVelocity(ReadOnlySpan<string> args)
    {
        Span<(int, double)> pairs = stackalloc (int, double)[2];
        if (!TryParsePairs(args, pairs, out int n)) return SyntaxError();
        stage.SetVelocities(pairs[..n]);
        return null;
    }

    private string? SetServo(ReadOnlySpan<string> args)
    {
        Span<(int, double)> pairs = stackalloc (int, double)[2];
        if (!TryParsePairs(args, pairs, out int n)) return SyntaxError();
        foreach (var (_, v) in pairs[..n])
            if (v is not (0 or 1)) return SyntaxError();
        foreach (var (axis, v) in pairs[..n]) stage.SetServo(axis, v == 1);
        return null;
    }

    private string? AxisQuery(ReadOnlySpan<string> args, Func<int, string> value)
    {
        Span<int> axes = stackalloc int[2];
        if (!TryParseAxes(args, axes, out int n)) return SyntaxError();
        if (n == 0)
        {
            axes[0] = 1;
            axes[1] = 2;
            n = 2;
        }
        var answer = new StringBuilder();
        for (int i = 0; i < n; i++)
        {
            answer.Append(axes[i].ToString(CultureInfo.InvariantCulture)).Append('=').Append(value(axes[i]));
            answer.Append(i < n - 1 ? " \n" : "\n");
        }
        return answer.ToString();
    }

    /// <summary>Parses "axis value [axis value]" with axes 1/2, each at most once, at least one pair.</summary>
    private static bool TryParsePairs(ReadOnlySpan<string> args, Span<(int Axis, double Value)> pairs, out int count)
    {
        count = 0;
        if (args.Length == 0 || args.Length % 2 != 0 || args.Length / 2 > pairs.Length) return false;
        for (int i = 0; i < args.Length; i += 2)
        {
            if (!TryParseAxis(args[i], out int axis)) return false;
            if (!double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v)) return false;
            for (int j = 0; j < count; j++)
                if (pairs[j].Axis == axis) return false;
            pairs[count++] = (axis, v);
        }
        return true;
    }

    /// <summary>Parses an optional list of distinct axes (1, 2).</summary>
    private static bool TryParseAxes(ReadOnlySpan<string> args, Span<int> axes, out int count)
    {
        count = 0;
        if (args.Length > axes.Length) return false;
        foreach (string a in args)
        {
            if (!TryParseAxis(a, out int axis)) return false;
            for (int j = 0; j < count; j++)
                if (axes[j] == axis) return false;
            axes[count++] = axis;
        }
        return true;
    }

    private static bool TryParseAxis(string token, out int axis)
    {
        axis = token switch { "1" => 1, "2" => 2, _ => 0 };
        return axis != 0;
    }
}
