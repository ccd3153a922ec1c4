using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using EdgeCtl.Drivers.Tests.Support;
using EdgeCtl.Realtime;
using Xunit;
using Xunit.Abstractions;

namespace EdgeCtl.Drivers.Tests;

// Release only: in Debug builds the C# compiler emits async state machines as classes allocated on
// every call, so allocation is meaningless there. Run with `dotnet test -c Release`.
#if !DEBUG

[CollectionDefinition(nameof(AllocationCollection), DisableParallelization = true)]
public sealed class AllocationCollection;

/// <summary>
/// Steady-state allocation of the image path: the managed bytes allocated per acquisition must not
/// grow with the number of ImageLines blocks (the per-block loop allocates nothing). The server is a
/// plain thread with a blocking socket sending pre-built bytes, so it allocates nothing itself.
/// </summary>
[Collection(nameof(AllocationCollection))]
public sealed class ImageAllocationTests(ITestOutputHelper output)
{
    private const int Width = 256, Height = 256;

    /// <summary>Header, <paramref name="blocks"/> ImageLines blocks and ImageEnd, for request id 0 (patched per request).</summary>
    private static byte[] Reply(int blocks)
    {
        var parts = new List<byte[]> { Wire.Header(0, Width, Height) };
        var rows = Height / blocks;
        for (var b = 0; b < blocks; b++) parts.Add(Wire.Lines(0, Width, b * rows, rows));
        parts.Add(Wire.End(0, 1));
        return parts.SelectMany(p => p).ToArray();
    }

    private static void PatchIds(byte[] reply, uint id)
    {
        for (var at = 0; at < reply.Length;)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(reply.AsSpan(at + 8), id);
            at += 16 + (int)BinaryPrimitives.ReadUInt32LittleEndian(reply.AsSpan(at + 12));
        }
    }

    private static void Serve(Socket listener, byte[] reply, int requests)
    {
        using var s = listener.Accept();
        var header = new byte[16];
        var payload = new byte[64];
        for (var i = 0; i <= requests; i++)
        {
            s.Receive(header, SocketFlags.None);
            var id = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8));
            var len = (int)BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(12));
            if (len > 0) s.Receive(payload, 0, len, SocketFlags.None);
            if (i == 0)
            {
                s.Send(Wire.Hello(id));
                continue;
            }
            PatchIds(reply, id);
            s.Send(reply);
        }
    }

    /// <summary>
    /// Managed bytes allocated per acquisition: the minimum over several rounds, because the counter is
    /// process-wide and anything else running can only add to it.
    /// </summary>
    private static async Task<long> BytesPerAcquisitionAsync(int blocks)
    {
        const int warmup = 20, rounds = 8, perRound = 20;
        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var reply = Reply(blocks);
        var server = new Thread(() => Serve(listener, reply, warmup + rounds * perRound)) { IsBackground = true };
        server.Start();
        using var client = new ScanEngineClient(new ScanEngineOptions { Host = "127.0.0.1", Port = ((IPEndPoint)listener.LocalEndPoint!).Port });
        var request = new ImageRequest(DetectorKind.Haadf, Width, Height, 1, 10);
        for (var i = 0; i < warmup; i++) (await client.AcquireImageAsync(request, CancellationToken.None)).Dispose();
        var best = long.MaxValue;
        for (var r = 0; r < rounds; r++)
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < perRound; i++) (await client.AcquireImageAsync(request, CancellationToken.None)).Dispose();
            best = Math.Min(best, (GC.GetTotalAllocatedBytes(precise: true) - before) / perRound);
        }
        server.Join();
        return best;
    }

    [Fact]
    public async Task Allocation_per_image_does_not_grow_with_the_number_of_line_blocks()
    {
        var one = await BytesPerAcquisitionAsync(1);
        var many = await BytesPerAcquisitionAsync(256);
        output.WriteLine($"bytes per acquisition: 1 block {one}, 256 blocks {many}");
        // 255 extra blocks (one row each): under 16 B per block on average, i.e. background noise of the
        // test process only (an async box per block would cost ≥ 100 B each).
        Assert.True(many - one < 255 * 16, $"allocation grew from {one} B (1 block) to {many} B (256 blocks) per image");
        // The fixed part per image (frame object, returned Task, a few async boxes, noise) stays far below
        // the 128 KiB of pixels, which come from the pool.
        Assert.True(one < 16 * 1024, $"{one} B allocated per {Width}×{Height} image; the pixel buffer must come from the pool");
    }
}
#endif
