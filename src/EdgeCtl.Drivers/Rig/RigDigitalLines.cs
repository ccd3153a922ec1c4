namespace EdgeCtl.Drivers;

/// <summary>
/// <see cref="IDigitalLines"/> on the HIL rig's emulated lines through its control port
/// (<c>GPIO GET/SET</c>, wire-protocol.md §3–4). Each call blocks the calling thread for one
/// round trip (at most the client's request timeout). Writing the input <c>interlock_ok</c> is
/// refused here as on real hardware; tests drive it with <see cref="RigControlClient.SetGpioAsync"/>.
/// </summary>
public sealed class RigDigitalLines : IDigitalLines
{
    private readonly RigControlClient _rig;

    /// <summary>Uses <paramref name="rig"/> (not owned).</summary>
    public RigDigitalLines(RigControlClient rig) => _rig = rig ?? throw new ArgumentNullException(nameof(rig));

    /// <inheritdoc />
    public bool Read(DigitalLine line) => _rig.GetGpioAsync(line).ConfigureAwait(false).GetAwaiter().GetResult();

    /// <inheritdoc />
    public void Write(DigitalLine line, bool value)
    {
        if (!line.IsOutput()) throw new InvalidOperationException($"{_rig.DeviceName}: line '{line.WireName()}' is an input and cannot be written.");
        _rig.SetGpioAsync(line, value).ConfigureAwait(false).GetAwaiter().GetResult();
    }
}
