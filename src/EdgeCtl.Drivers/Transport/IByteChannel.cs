namespace EdgeCtl.Drivers;

/// <summary>
/// A bidirectional byte stream to one device (a tty or a TCP connection) with per-call timeouts.
/// The text protocols (PI GCS, the rig control port) are framed on top of it by <see cref="LineReader"/>.
/// </summary>
internal interface IByteChannel : IDisposable
{
    /// <summary>Device name used in every error message.</summary>
    string Name { get; }

    /// <summary>Reads at least one byte (opening the connection first if needed).</summary>
    /// <exception cref="TimeoutException">Nothing arrived within <paramref name="timeout"/>.</exception>
    /// <exception cref="IOException">End of stream or an I/O error.</exception>
    /// <exception cref="DeviceConnectionException">The connection could not be opened.</exception>
    ValueTask<int> ReadAsync(Memory<byte> buffer, TimeSpan timeout, CancellationToken ct);

    /// <summary>Writes all of <paramref name="data"/> (opening the connection first if needed).</summary>
    /// <exception cref="TimeoutException">The write did not complete within <paramref name="timeout"/>.</exception>
    /// <exception cref="IOException">An I/O error.</exception>
    /// <exception cref="DeviceConnectionException">The connection could not be opened.</exception>
    ValueTask WriteAsync(ReadOnlyMemory<byte> data, TimeSpan timeout, CancellationToken ct);

    /// <summary>Drops input that arrived but was not read (late answers to abandoned requests).</summary>
    void DiscardInput();

    /// <summary>Called after a failed or abandoned request: a connection-oriented channel closes and reopens lazily.</summary>
    void Reset();
}
