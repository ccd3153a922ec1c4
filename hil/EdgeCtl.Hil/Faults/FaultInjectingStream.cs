using System.Buffers;

namespace EdgeCtl.Hil.Faults;

/// <summary>
/// The scan engine's outgoing byte path with the byte-level faults of docs/wire-protocol.md §4
/// applied: <c>drop-bytes n</c> silently drops the next n bytes written, <c>corrupt-bytes n</c> flips
/// every bit of the next n bytes (dropping takes precedence when both are armed). The caller's
/// buffer is never modified. Reads pass through unchanged.
/// </summary>
public sealed class FaultInjectingStream(Stream inner, FaultBoard faults) : Stream
{
    /// <inheritdoc />
    public override bool CanRead => inner.CanRead;
    /// <inheritdoc />
    public override bool CanSeek => false;
    /// <inheritdoc />
    public override bool CanWrite => inner.CanWrite;
    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();
    /// <inheritdoc />
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc />
    public override void Flush() => inner.Flush();
    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
    /// <inheritdoc />
    public override int Read(Span<byte> buffer) => inner.Read(buffer);
    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();
    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            buffer = buffer[faults.TakeDropBytes(buffer.Length)..];
            if (buffer.IsEmpty) return;
            int corrupt = faults.TakeCorruptBytes(buffer.Length);
            if (corrupt == 0)
            {
                inner.Write(buffer);
                return;
            }
            byte[] scratch = ArrayPool<byte>.Shared.Rent(corrupt);
            try
            {
                for (int i = 0; i < corrupt; i++) scratch[i] = (byte)~buffer[i];
                inner.Write(scratch, 0, corrupt);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
            buffer = buffer[corrupt..];
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
