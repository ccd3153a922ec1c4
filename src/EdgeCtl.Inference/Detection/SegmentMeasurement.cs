using System.Buffers;

namespace EdgeCtl.Inference.Detection;

/// <summary>
/// Per-label moments of a label image in one pass: pixel count (area, px²), centroid (mean of
/// pixel centres i + 0.5, px), bounding box of the pixels, mean of an intensity plane, and whether
/// the segment touches the image border. Arrays are pooled; dispose to return them.
/// </summary>
internal sealed class SegmentMeasurement : IDisposable
{
    private int[] _count, _minX, _maxX, _minY, _maxY;
    private double[] _sumX, _sumY, _sumI;
    private bool[] _border;

    /// <summary>Measures labels 1..<paramref name="labelCount"/> of <paramref name="labels"/> (0 = background).</summary>
    public SegmentMeasurement(ReadOnlySpan<int> labels, ReadOnlySpan<float> intensity, int width, int height, int labelCount)
    {
        int k = labelCount + 1;
        _count = Rent<int>(k); _minX = Rent<int>(k); _maxX = Rent<int>(k); _minY = Rent<int>(k); _maxY = Rent<int>(k);
        _sumX = Rent<double>(k); _sumY = Rent<double>(k); _sumI = Rent<double>(k);
        _border = Rent<bool>(k);
        Array.Clear(_count, 0, k); Array.Clear(_sumX, 0, k); Array.Clear(_sumY, 0, k); Array.Clear(_sumI, 0, k); Array.Clear(_border, 0, k);
        Array.Fill(_minX, int.MaxValue, 0, k); Array.Fill(_minY, int.MaxValue, 0, k);
        Array.Fill(_maxX, int.MinValue, 0, k); Array.Fill(_maxY, int.MinValue, 0, k);
        for (int y = 0; y < height; y++)
        {
            int row = y * width;
            bool edgeRow = y == 0 || y == height - 1;
            for (int x = 0; x < width; x++)
            {
                int l = labels[row + x];
                if (l <= 0 || l > labelCount) continue;
                _count[l]++;
                _sumX[l] += x;
                _sumY[l] += y;
                _sumI[l] += intensity[row + x];
                if (x < _minX[l]) _minX[l] = x;
                if (x > _maxX[l]) _maxX[l] = x;
                if (y < _minY[l]) _minY[l] = y;
                if (y > _maxY[l]) _maxY[l] = y;
                if (edgeRow || x == 0 || x == width - 1) _border[l] = true;
            }
        }
    }

    /// <summary>Pixels in segment <paramref name="label"/>.</summary>
    public int Area(int label) => _count[label];

    /// <summary>Centroid (pixel-centre convention), px.</summary>
    public (double X, double Y) Centroid(int label) => (_sumX[label] / _count[label] + 0.5, _sumY[label] / _count[label] + 0.5);

    /// <summary>Bounding box of the segment's pixels (pixel edges), px.</summary>
    public BoundingBox SegmentBox(int label) => new(_minX[label], _minY[label], _maxX[label] - _minX[label] + 1, _maxY[label] - _minY[label] + 1);

    /// <summary>Mean intensity over the segment.</summary>
    public double MeanIntensity(int label) => _sumI[label] / _count[label];

    /// <summary>True when a segment pixel lies on the image border.</summary>
    public bool TouchesBorder(int label) => _border[label];

    private static T[] Rent<T>(int n) => ArrayPool<T>.Shared.Rent(n);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_count.Length == 0) return;
        ArrayPool<int>.Shared.Return(_count); ArrayPool<int>.Shared.Return(_minX); ArrayPool<int>.Shared.Return(_maxX);
        ArrayPool<int>.Shared.Return(_minY); ArrayPool<int>.Shared.Return(_maxY);
        ArrayPool<double>.Shared.Return(_sumX); ArrayPool<double>.Shared.Return(_sumY); ArrayPool<double>.Shared.Return(_sumI);
        ArrayPool<bool>.Shared.Return(_border);
        _count = []; _minX = []; _maxX = []; _minY = []; _maxY = []; _sumX = []; _sumY = []; _sumI = []; _border = [];
    }
}
