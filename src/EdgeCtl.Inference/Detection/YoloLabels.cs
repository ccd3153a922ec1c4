using System.Globalization;

namespace EdgeCtl.Inference.Detection;

/// <summary>
/// Reads YOLO detection labels: one object per line, "class cx cy w h" with the box centre and size
/// normalised to the image width and height (Ultralytics YOLO dataset format). Blank lines are
/// skipped.
/// </summary>
public static class YoloLabels
{
    /// <summary>Reads <paramref name="path"/> and converts to pixel boxes for an image of the given size.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A line is malformed or a value is not finite or out of [0, 1] (beyond a 1 % tolerance); the message names file and line.</exception>
    public static IReadOnlyList<BoundingBox> Read(string path, int imageWidth, int imageHeight)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"YOLO label file not found: '{path}'.", path);
        var boxes = new List<BoundingBox>();
        int lineNo = 0;
        Span<double> v = stackalloc double[4];
        foreach (var raw in File.ReadLines(path))
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0) continue;
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 5)
                throw new InvalidDataException($"{path}:{lineNo}: expected 'class cx cy w h', got '{line}'.");
            for (int i = 0; i < 4; i++)
            {
                if (!double.TryParse(parts[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]) || !double.IsFinite(v[i]) || v[i] < -0.01 || v[i] > 1.01)
                    throw new InvalidDataException($"{path}:{lineNo}: value '{parts[i + 1]}' is not a normalised coordinate in [0, 1].");
            }
            boxes.Add(BoundingBox.FromCenter(v[0] * imageWidth, v[1] * imageHeight, v[2] * imageWidth, v[3] * imageHeight));
        }
        return boxes;
    }
}
