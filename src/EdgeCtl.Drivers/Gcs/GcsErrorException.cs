namespace EdgeCtl.Drivers;

/// <summary>
/// The controller reported a non-zero error code through <c>ERR?</c> after a command
/// (wire-protocol.md §1; PI GCS 2.0 manual, error codes).
/// </summary>
public sealed class GcsErrorException : DeviceException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="device">Device name.</param>
    /// <param name="command">The command after which <c>ERR?</c> was non-zero.</param>
    /// <param name="code">The PI error code.</param>
    public GcsErrorException(string device, string command, int code)
        : base(device, $"'{command}' failed with PI error {code} ({Describe(code)})")
    {
        Command = command;
        Code = code;
    }

    /// <summary>The command after which the error was read.</summary>
    public string Command { get; }

    /// <summary>PI error code (1 parameter syntax, 2 unknown command, 5 servo off, 7 out of limits, 10 stopped, 17 out of range).</summary>
    public int Code { get; }

    /// <summary>PI's text for the codes of wire-protocol.md §1; "see the PI GCS manual" otherwise.</summary>
    public static string Describe(int code) => code switch
    {
        0 => "no error",
        1 => "parameter syntax error",
        2 => "unknown command",
        5 => "servo is off",
        7 => "position out of limits",
        10 => "controller was stopped by command",
        17 => "parameter out of range",
        _ => "see the PI GCS 2.0 error code list",
    };
}
