namespace EdgeCtl.Drivers;

/// <summary>
/// Request/response transport for PI GCS 2.0 (wire-protocol.md §1; PI GCS 2.0 manual, "Command
/// syntax"): ASCII command lines terminated by LF, answers of one or more lines where every line but
/// the last ends with a space before LF. One request at a time; each has its own timeout.
/// </summary>
public interface IGcsTransport : IDisposable
{
    /// <summary>Device name used in error messages, e.g. <c>"PI GCS stage on /dev/pts/7"</c>.</summary>
    string DeviceName { get; }

    /// <summary>Sends a command that has no answer (e.g. <c>MOV 1 10 2 20</c>); LF is appended.</summary>
    /// <param name="command">The command without LF; must not contain CR or LF.</param>
    /// <param name="ct">Cancellation.</param>
    /// <exception cref="ArgumentException">The command is empty or contains CR/LF.</exception>
    /// <exception cref="DeviceTimeoutException">The write did not complete in time.</exception>
    /// <exception cref="DeviceConnectionException">The line or connection failed.</exception>
    Task SendAsync(string command, CancellationToken ct);

    /// <summary>
    /// Sends a query (LF appended) and returns its complete answer: all lines joined by LF, exactly
    /// as received (continuation spaces kept), without the final LF. Example: <c>"1=0.000000 \n2=5.000000"</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The command is empty or contains CR/LF.</exception>
    /// <exception cref="DeviceTimeoutException">No complete answer within the request timeout.</exception>
    /// <exception cref="DeviceConnectionException">The line or connection failed.</exception>
    /// <exception cref="ProtocolException">An answer line is longer than 64 KiB.</exception>
    Task<string> QueryAsync(string command, CancellationToken ct);

    /// <summary>Sends a single-byte command without LF (e.g. 0x05 = <c>#5</c>) and returns its answer as <see cref="QueryAsync"/> does.</summary>
    Task<string> QueryByteAsync(byte command, CancellationToken ct);

    /// <summary>Sends a single-byte command without LF that has no answer (e.g. 0x18 = <c>#24</c>, stop all axes).</summary>
    Task SendByteAsync(byte command, CancellationToken ct);
}
