using Microsoft.Win32.SafeHandles;

namespace EdgeCtl.Drivers;

/// <summary>Owns a <c>struct gpiod_chip *</c> and closes it with <c>gpiod_chip_close</c> (which also releases its lines).</summary>
internal sealed class SafeGpiodChipHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Used by the P/Invoke marshaller.</summary>
    public SafeGpiodChipHandle() : base(ownsHandle: true)
    {
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        LibgpiodNative.ChipClose(handle);
        return true;
    }
}
