namespace EdgeCtl.Inference.Detection;

/// <summary>How particles differ from the background.</summary>
public enum ContrastMode
{
    /// <summary>Decide from the image (intensity distribution's tails around the median background).</summary>
    Auto = 0,

    /// <summary>Dark-field / HAADF: particles brighter than the support (Z-contrast).</summary>
    DarkField = 1,

    /// <summary>Bright-field: particles darker than the background; contrast is inverted before detection.</summary>
    BrightField = 2,
}
