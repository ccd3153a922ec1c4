using System.Globalization;

namespace EdgeCtl.Drivers;

/// <summary>
/// Parses PI GCS 2.0 answers (wire-protocol.md §1; PI GCS 2.0 manual, "Answer syntax"): per-axis
/// answers <c>"1=v1 \n2=v2"</c> in any axis order, single integers (<c>ERR?</c>) and the motion
/// status of <c>#5</c>. Tolerates CR, spaces around tokens and the continuation space; rejects
/// missing, duplicated or unknown axes and non-finite or non-numeric values with a
/// <see cref="ProtocolException"/> that quotes the answer.
/// </summary>
public static class GcsAnswerParser
{
    /// <summary>Parses an answer for axes 1 (X) and 2 (Y).</summary>
    /// <param name="answer">The raw answer as returned by <see cref="IGcsTransport.QueryAsync"/>.</param>
    /// <param name="device">Device name for the error message.</param>
    /// <param name="request">The command that produced the answer, for the error message.</param>
    /// <returns>Values of axis 1 and axis 2 (units of the command: µm, µm/s, 0/1 flags).</returns>
    /// <exception cref="ProtocolException">The answer is not exactly one finite value for each of axes 1 and 2.</exception>
    public static (double Axis1, double Axis2) ParseTwoAxes(string answer, string device, string request)
    {
        double a1 = 0, a2 = 0;
        bool has1 = false, has2 = false;
        foreach (var raw in answer.Split('\n'))
        {
            var line = raw.AsSpan().Trim();
            if (line.IsEmpty) throw Malformed(answer, device, request, "an empty line");
            var eq = line.IndexOf('=');
            if (eq <= 0) throw Malformed(answer, device, request, $"line '{line}' is not '<axis>=<value>'");
            var axis = line[..eq].Trim();
            var text = line[(eq + 1)..].Trim();
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                throw Malformed(answer, device, request, $"value '{text}' of axis '{axis}' is not a finite number");
            if (axis.SequenceEqual("1"))
            {
                if (has1) throw Malformed(answer, device, request, "axis 1 appears twice");
                (a1, has1) = (value, true);
            }
            else if (axis.SequenceEqual("2"))
            {
                if (has2) throw Malformed(answer, device, request, "axis 2 appears twice");
                (a2, has2) = (value, true);
            }
            else throw Malformed(answer, device, request, $"unknown axis '{axis}' (expected 1 and 2)");
        }
        if (!has1 || !has2) throw Malformed(answer, device, request, $"axis {(has1 ? 2 : 1)} is missing");
        return (a1, a2);
    }

    /// <summary>Parses a per-axis boolean answer (<c>ONT?</c>, <c>SVO?</c>): each value must be 0 or 1.</summary>
    /// <exception cref="ProtocolException">Malformed answer or a value other than 0/1.</exception>
    public static (bool Axis1, bool Axis2) ParseTwoAxisFlags(string answer, string device, string request)
    {
        var (a1, a2) = ParseTwoAxes(answer, device, request);
        return (Flag(a1, 1), Flag(a2, 2));

        bool Flag(double v, int axis) => v switch
        {
            0 => false,
            1 => true,
            _ => throw Malformed(answer, device, request, $"axis {axis} flag is {v.ToString(CultureInfo.InvariantCulture)}, expected 0 or 1"),
        };
    }

    /// <summary>Parses a single non-negative decimal integer (<c>ERR?</c>: the PI error code).</summary>
    /// <exception cref="ProtocolException">The answer is not one non-negative integer.</exception>
    public static int ParseInteger(string answer, string device, string request)
    {
        var text = answer.AsSpan().Trim();
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            throw Malformed(answer, device, request, "expected one non-negative integer");
        return value;
    }

    /// <summary>
    /// Parses the <c>#5</c> motion-status bit mask (bit 0 = axis 1 moving, bit 1 = axis 2 moving).
    /// Decimal per wire-protocol.md; a <c>0x</c>-prefixed hexadecimal mask, as some PI firmware sends, is accepted too.
    /// </summary>
    /// <exception cref="ProtocolException">The answer is not a non-negative integer.</exception>
    public static int ParseMotionStatus(string answer, string device, string request)
    {
        var text = answer.AsSpan().Trim();
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
            return hex;
        return ParseInteger(answer, device, request);
    }

    private static ProtocolException Malformed(string answer, string device, string request, string why) =>
        new(device, $"malformed answer to '{request}': {why}; answer was \"{Quote(answer)}\"");

    /// <summary>Makes control characters of an answer visible for an error message.</summary>
    internal static string Quote(string answer)
    {
        var s = answer.Replace("\r", "\\r").Replace("\n", "\\n");
        return s.Length <= 200 ? s : string.Concat(s.AsSpan(0, 200), "…");
    }
}
