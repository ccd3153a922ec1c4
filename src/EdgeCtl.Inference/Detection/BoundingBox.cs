namespace EdgeCtl.Inference.Detection;

/// <summary>
/// An axis-aligned box in pixel coordinates: <see cref="X"/>, <see cref="Y"/> is the top-left
/// corner (x right, y down, pixel edges: pixel i covers [i, i+1)), <see cref="Width"/> and
/// <see cref="Height"/> its extent in px.
/// </summary>
public readonly record struct BoundingBox(double X, double Y, double Width, double Height)
{
    /// <summary>Right edge, px.</summary>
    public double Right => X + Width;

    /// <summary>Bottom edge, px.</summary>
    public double Bottom => Y + Height;

    /// <summary>Area, px².</summary>
    public double Area => Math.Max(0, Width) * Math.Max(0, Height);

    /// <summary>Size used for size bins: sqrt(Width · Height), px.</summary>
    public double Size => Math.Sqrt(Area);

    /// <summary>
    /// Intersection over union with <paramref name="other"/>, in [0, 1]; 0 when either box is
    /// empty. Source: PASCAL VOC / COCO detection criterion.
    /// </summary>
    public double IoU(BoundingBox other)
    {
        double w = Math.Min(Right, other.Right) - Math.Max(X, other.X);
        double h = Math.Min(Bottom, other.Bottom) - Math.Max(Y, other.Y);
        if (w <= 0 || h <= 0) return 0;
        double inter = w * h;
        double union = Area + other.Area - inter;
        return union > 0 ? inter / union : 0;
    }

    /// <summary>A box centred on (<paramref name="cx"/>, <paramref name="cy"/>) with the given size, px.</summary>
    public static BoundingBox FromCenter(double cx, double cy, double width, double height) =>
        new(cx - width / 2, cy - height / 2, width, height);
}
