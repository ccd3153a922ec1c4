using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using EdgeCtl.Drivers;
using EdgeCtl.Realtime;

namespace EdgeCtl.Benchmarks;

/// <summary>The 2048 × 2048 HAADF image of the scan-engine benchmarks; blocks of 32 rows (128 KiB) and 255 rows (the most under the 1 MiB payload limit).</summary>
internal static class ImageScene
{
    public const int Width = 2048, Height = 2048;
    public const uint RequestId = 7;
    public static readonly ImageRequest Request = new(DetectorKind.Haadf, Width, Height, DwellUs: 0.001, FovUm: 2);
    public static readonly RequestLabel Label = new(MessageType.AcquireImage, RequestId);

    public static ScanEngineConnection Connect(int port) =>
        ScanEngineConnection.OpenAsync("127.0.0.1", port, "bench scan engine", CancellationToken.None).GetAwaiter().GetResult();
}

/// <summary>
/// Per ImageLines block (target 0 B): <see cref="DecodeLineBlock"/> is the pixel decode alone (the staging-chunk loop
/// of <c>ImageReceiver.ReceiveAsync</c> over <c>ImageReceiver.DecodePixels</c>, from memory). The socket side of a
/// block is measured by <see cref="ImageWholeFrameBenchmarks"/>: equal allocation per image at 64 and 9 blocks.
/// </summary>
[MemoryDiagnoser]
public class ImageLineBlockBenchmarks
{
    [Params(32, 255)]
    public int RowsPerBlock { get; set; }

    private byte[] _pixelBytes = null!;
    private ImageFrame16 _frame = null!;
    [GlobalSetup]
    public void Setup()
    {
        var block = new byte[FakeScanEngine.LineBlockBytes(ImageScene.Width, RowsPerBlock)];
        FakeScanEngine.WriteLineBlock(block, ImageScene.RequestId, ImageScene.Width, 0, RowsPerBlock);
        _pixelBytes = block[24..];
        _frame = new ImageFrame16(ImageScene.Width, ImageScene.Height);
    }

    [GlobalCleanup]
    public void Cleanup() => _frame.Dispose();

    [Benchmark]
    public int DecodeLineBlock()
    {
        ReadOnlySpan<byte> src = _pixelBytes;
        var pixels = _frame.Pixels;
        var offset = 0;
        while (!src.IsEmpty)
        {
            var chunk = Math.Min(src.Length, ScanEngineConnection.StagingSize);
            ImageReceiver.DecodePixels(src[..chunk], pixels.Slice(offset, chunk / 2));
            offset += chunk / 2;
            src = src[chunk..];
        }
        return offset;
    }
}

/// <summary>
/// Per whole 2048 × 2048 image over loopback TCP, at two block sizes (2048 / 32 = 64 blocks, 2048 / 255 → 9 blocks):
/// equal allocation at both sizes means nothing is allocated per block.
/// <see cref="ReceiveImage"/>: the internal <c>ImageReceiver.ReceiveAsync</c> (ImageHeader, blocks, ImageEnd into a
/// pooled frame) on an open connection; <see cref="AcquireImage"/>: the public
/// <see cref="ScanEngineClient.AcquireImageAsync"/> (request, gate, timeout, receive). The frame is disposed each time,
/// so its 8 MiB pixel buffer goes back to the pool.
/// </summary>
[MemoryDiagnoser]
public class ImageWholeFrameBenchmarks
{
    [Params(32, 255)]
    public int RowsPerBlock { get; set; }

    private FakeScanEngine _engine = null!;
    private ScanEngineConnection _conn = null!;
    private ScanEngineClient _client = null!;

    [GlobalSetup(Target = nameof(ReceiveImage))]
    public void SetupReceive()
    {
        _engine = FakeScanEngine.Streaming(FakeScanEngine.Image(ImageScene.RequestId, ImageScene.Width, ImageScene.Height, RowsPerBlock, out _));
        _conn = ImageScene.Connect(_engine.Port);
    }

    [GlobalCleanup(Target = nameof(ReceiveImage))]
    public void CleanupReceive()
    {
        _conn.Dispose();
        _engine.Dispose();
    }

    [GlobalSetup(Target = nameof(AcquireImage))]
    public void SetupAcquire()
    {
        var image = FakeScanEngine.Image(0, ImageScene.Width, ImageScene.Height, RowsPerBlock, out var offsets);
        _engine = FakeScanEngine.Serving(image, offsets);
        _client = new ScanEngineClient(new ScanEngineOptions { Host = "127.0.0.1", Port = _engine.Port, ConnectRetryAttempts = 0 });
        _client.ConnectAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    [GlobalCleanup(Target = nameof(AcquireImage))]
    public void CleanupAcquire()
    {
        _client.Dispose();
        _engine.Dispose();
    }

    [Benchmark]
    public ValueTask<int> ReceiveImage() => ReceiveImageAsync();

    [Benchmark]
    public ValueTask<int> AcquireImage() => AcquireImageAsync();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReceiveImageAsync()
    {
        var frame = await ImageReceiver.ReceiveAsync(_conn, ImageScene.Request, ImageScene.Label, CancellationToken.None).ConfigureAwait(false);
        var p = frame.Pixels[^1];
        frame.Dispose();
        return p;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> AcquireImageAsync()
    {
        var frame = await _client.AcquireImageAsync(ImageScene.Request, CancellationToken.None).ConfigureAwait(false);
        var p = frame.Pixels[^1];
        frame.Dispose();
        return p;
    }
}
