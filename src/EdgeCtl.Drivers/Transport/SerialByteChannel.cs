namespace EdgeCtl.Drivers;

/// <summary><see cref="IByteChannel"/> over a <see cref="SerialPort"/>; blocking poll(2) waits run on the thread pool.</summary>
internal sealed class SerialByteChannel : IByteChannel
{
    private readonly SerialPort _port;

    public SerialByteChannel(SerialPort port, string name)
    {
        _port = port;
        Name = name;
    }

    public string Name { get; }

    public ValueTask<int> ReadAsync(Memory<byte> buffer, TimeSpan timeout, CancellationToken ct) =>
        new(Task.Run(() => _port.Read(buffer.Span, timeout, ct), CancellationToken.None));

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, TimeSpan timeout, CancellationToken ct)
    {
        // A GCS command is a few bytes: the kernel queue takes it at once, so write inline.
        _port.Write(data.Span, timeout, ct);
        return ValueTask.CompletedTask;
    }

    public void DiscardInput() => _port.DiscardInput();

    public void Reset()
    {
        // A serial line has no connection to rebuild; stale input is discarded before the next request.
    }

    public void Dispose() => _port.Dispose();
}
