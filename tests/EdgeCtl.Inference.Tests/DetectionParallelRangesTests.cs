using EdgeCtl.Inference.Detection;
using Xunit;

namespace EdgeCtl.Inference.Tests;

/// <summary><see cref="ParallelRanges"/>: every index once, chunk bounds aligned, exceptions surface, jobs reusable.</summary>
public sealed class DetectionParallelRangesTests
{
    private readonly record struct Marks(int[] Hits, int Align);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1_000, 1)]
    [InlineData(1_003, 16)]
    [InlineData(100_000, 4)]
    public void VisitsEveryIndexOnceWithAlignedChunkBounds(int count, int align)
    {
        int workers = ParallelRanges.Workers;
        try
        {
            ParallelRanges.Workers = Math.Max(2, workers);
            for (int round = 0; round < 50; round++) // reuses pooled jobs, also while late helpers still hold one
            {
                var marks = new Marks(new int[count], align);
                ParallelRanges.For(count, 1 << 12, align, marks, static (in Marks m, int from, int to) =>
                {
                    if (from % m.Align != 0 && from != 0) throw new InvalidOperationException($"chunk start {from} not aligned");
                    for (int i = from; i < to; i++) Interlocked.Increment(ref m.Hits[i]);
                });
                Assert.All(marks.Hits, h => Assert.Equal(1, h));
            }
        }
        finally { ParallelRanges.Workers = workers; }
    }

    [Fact]
    public void RethrowsAChunksExceptionAfterAllChunksFinished()
    {
        int workers = ParallelRanges.Workers;
        try
        {
            ParallelRanges.Workers = Math.Max(2, workers);
            var marks = new Marks(new int[10_000], 1);
            var e = Assert.Throws<InvalidOperationException>(() => ParallelRanges.For(10_000, 1 << 12, 1, marks, static (in Marks m, int from, int to) =>
            {
                for (int i = from; i < to; i++) Interlocked.Increment(ref m.Hits[i]);
                if (from == 0) throw new InvalidOperationException("first chunk failed");
            }));
            Assert.Equal("first chunk failed", e.Message);
            Assert.All(marks.Hits, h => Assert.Equal(1, h));
        }
        finally { ParallelRanges.Workers = workers; }
    }
}
