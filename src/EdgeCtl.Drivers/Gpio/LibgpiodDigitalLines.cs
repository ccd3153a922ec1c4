using System.Runtime.InteropServices;

namespace EdgeCtl.Drivers;

/// <summary>
/// <see cref="IDigitalLines"/> on a Linux gpiochip through libgpiod v1 (Debian libgpiod2; API of
/// <c>gpiod.h</c> 1.6): the chip is opened by name or path, <c>beam_blank</c> and <c>acq_trigger</c>
/// are requested as outputs (initially 0) and <c>interlock_ok</c> as an input, all under
/// <see cref="LibgpiodOptions.Consumer"/>. Dispose releases the lines and closes the chip.
/// Thread-safe (one lock).
/// </summary>
public sealed class LibgpiodDigitalLines : IDigitalLines, IDisposable
{
    private readonly SafeGpiodChipHandle _chip;
    private readonly IntPtr[] _lines = new IntPtr[3];
    private readonly Lock _lock = new();
    private bool _disposed;

    /// <summary>The loaded libgpiod's version (<c>gpiod_version_string</c>), e.g. "1.6.3".</summary>
    /// <exception cref="DllNotFoundException">libgpiod.so.2 is not installed.</exception>
    public static string LibraryVersion => Marshal.PtrToStringUTF8(LibgpiodNative.VersionString()) ?? "";

    /// <summary>Opens the chip and requests the three lines.</summary>
    /// <exception cref="ArgumentException">Offsets missing, unknown or not distinct.</exception>
    /// <exception cref="DllNotFoundException">libgpiod.so.2 is not installed.</exception>
    /// <exception cref="GpioException">The chip cannot be opened, a line does not exist or is busy (errno in the message).</exception>
    public LibgpiodDigitalLines(LibgpiodOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Chip, nameof(options));
        var offsets = ResolveOffsets(options);
        DeviceName = $"gpiochip '{options.Chip}'";

        _chip = options.Chip.StartsWith('/')
            ? LibgpiodNative.ChipOpenByPath(options.Chip)
            : LibgpiodNative.ChipOpenByName(options.Chip);
        if (_chip.IsInvalid)
        {
            var errno = Marshal.GetLastPInvokeError();
            _chip.Dispose();
            throw new GpioException(DeviceName, $"cannot open chip '{options.Chip}' ({(options.Chip.StartsWith('/') ? "gpiod_chip_open" : "gpiod_chip_open_by_name")}); does the chip exist and is /dev/gpiochip* readable?", errno);
        }
        try
        {
            foreach (var line in DigitalLines.All)
            {
                var offset = offsets[(int)line];
                var handle = LibgpiodNative.ChipGetLine(_chip, offset);
                if (handle == IntPtr.Zero)
                    throw new GpioException(DeviceName, $"line {offset} ({line.WireName()}) does not exist on the chip", Marshal.GetLastPInvokeError());
                var rc = line.IsOutput()
                    ? LibgpiodNative.LineRequestOutput(handle, options.Consumer, 0)
                    : LibgpiodNative.LineRequestInput(handle, options.Consumer);
                if (rc != 0)
                    throw new GpioException(DeviceName, $"cannot request line {offset} ({line.WireName()}) as {(line.IsOutput() ? "output" : "input")}; is it used by another consumer?", Marshal.GetLastPInvokeError());
                _lines[(int)line] = handle;
            }
        }
        catch
        {
            ReleaseAll();
            throw;
        }
    }

    /// <summary>"gpiochip '&lt;chip&gt;'" — used in error messages.</summary>
    public string DeviceName { get; }

    private static uint[] ResolveOffsets(LibgpiodOptions options)
    {
        var result = new uint[3];
        var seen = new bool[3];
        foreach (var (name, offset) in options.Offsets)
        {
            if (!DigitalLines.TryParse(name, out var line))
                throw new ArgumentException($"GPIO offsets: unknown line name '{name}' (expected beam_blank, interlock_ok, acq_trigger).", nameof(options));
            result[(int)line] = offset;
            seen[(int)line] = true;
        }
        foreach (var line in DigitalLines.All)
        {
            if (!seen[(int)line])
                throw new ArgumentException($"GPIO offsets: no offset configured for '{line.WireName()}'.", nameof(options));
        }
        if (result[0] == result[1] || result[0] == result[2] || result[1] == result[2])
            throw new ArgumentException($"GPIO offsets must be distinct: beam_blank={result[0]}, interlock_ok={result[1]}, acq_trigger={result[2]}.", nameof(options));
        return result;
    }

    /// <inheritdoc />
    public bool Read(DigitalLine line)
    {
        var name = line.WireName();
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var v = LibgpiodNative.LineGetValue(_lines[(int)line]);
            if (v < 0) throw new GpioException(DeviceName, $"gpiod_line_get_value({name}) failed", Marshal.GetLastPInvokeError());
            return v != 0;
        }
    }

    /// <inheritdoc />
    public void Write(DigitalLine line, bool value)
    {
        var name = line.WireName();
        if (!line.IsOutput()) throw new InvalidOperationException($"{DeviceName}: line '{name}' is an input and cannot be written.");
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (LibgpiodNative.LineSetValue(_lines[(int)line], value ? 1 : 0) != 0)
                throw new GpioException(DeviceName, $"gpiod_line_set_value({name}, {(value ? 1 : 0)}) failed", Marshal.GetLastPInvokeError());
        }
    }

    private void ReleaseAll()
    {
        for (var i = 0; i < _lines.Length; i++)
        {
            if (_lines[i] != IntPtr.Zero) LibgpiodNative.LineRelease(_lines[i]);
            _lines[i] = IntPtr.Zero;
        }
        _chip.Dispose();
    }

    /// <summary>Releases the lines and closes the chip.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            ReleaseAll();
        }
    }
}
