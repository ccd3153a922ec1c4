namespace EdgeCtl.Hil.Stage;

/// <summary>PI GCS error codes the rig sets (docs/wire-protocol.md §1); <c>ERR?</c> returns and clears the last one.</summary>
public static class GcsErrorCode
{
    /// <summary>No error.</summary>
    public const int None = 0;
    /// <summary>Parameter syntax error.</summary>
    public const int ParameterSyntax = 1;
    /// <summary>Unknown command.</summary>
    public const int UnknownCommand = 2;
    /// <summary>Servo is off for a commanded axis.</summary>
    public const int ServoOff = 5;
    /// <summary>Target position out of the soft limits.</summary>
    public const int OutOfLimits = 7;
    /// <summary>Controller was stopped by HLT or #24.</summary>
    public const int Stopped = 10;
    /// <summary>Parameter out of range.</summary>
    public const int ParameterOutOfRange = 17;
}
