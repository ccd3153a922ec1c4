namespace EdgeCtl.Realtime;

/// <summary>Imaging detector of the scan engine (wire value in <c>AcquireImage</c>, docs/wire-protocol.md).</summary>
public enum DetectorKind : ushort
{
    /// <summary>High-angle annular dark field: bright particles on a dark support (Z-contrast, ∝ Z^1.7).</summary>
    Haadf = 0,
    /// <summary>Bright field: dark particles on a bright background.</summary>
    BrightField = 1,
}

/// <summary>Spectroscopy kind (wire value in <c>AcquireSpectrum</c>).</summary>
public enum SpectrumKind : ushort
{
    /// <summary>Energy-dispersive X-ray spectroscopy; energy axis in keV.</summary>
    Edx = 1,
    /// <summary>Electron energy-loss spectroscopy; energy-loss axis in eV.</summary>
    Eels = 2,
}
