namespace EdgeCtl.Drivers;

/// <summary>
/// The instrument's digital lines (wire-protocol.md §3). Implemented by <see cref="LibgpiodDigitalLines"/>
/// (a gpiochip on the edge box) and <see cref="RigDigitalLines"/> (the HIL rig's emulated lines).
/// Calls are synchronous and short; implementations are thread-safe.
/// </summary>
public interface IDigitalLines
{
    /// <summary>Reads the logical level of <paramref name="line"/> (true = 1).</summary>
    /// <exception cref="DeviceException">The line could not be read.</exception>
    bool Read(DigitalLine line);

    /// <summary>Drives output <paramref name="line"/> to <paramref name="value"/> (true = 1).</summary>
    /// <exception cref="InvalidOperationException"><paramref name="line"/> is an input (<see cref="DigitalLine.InterlockOk"/>).</exception>
    /// <exception cref="DeviceException">The line could not be written.</exception>
    void Write(DigitalLine line, bool value);
}
