using System.Runtime.InteropServices;

namespace EdgeCtl.Drivers;

/// <summary>
/// libgpiod v1 C API (Debian libgpiod2 1.6, <c>gpiod.h</c>): chips, lines, line requests and values.
/// Resolved to <c>libgpiod.so.2</c> by <see cref="NativeLibraries"/>.
/// </summary>
internal static partial class LibgpiodNative
{
    static LibgpiodNative() => NativeLibraries.EnsureResolver();

    /// <summary><c>struct gpiod_chip *gpiod_chip_open_by_name(const char *name)</c> — e.g. "gpiochip0"; NULL + errno on failure.</summary>
    [LibraryImport(NativeLibraries.Libgpiod, EntryPoint = "gpiod_chip_open_by_name", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial SafeGpiodChipHandle ChipOpenByName(string name);

    /// <summary><c>struct gpiod_chip *gpiod_chip_open(const char *path)</c> — e.g. "/dev/gpiochip0"; NULL + errno on failure.</summary>
    [LibraryImport(NativeLibraries.Libgpiod, EntryPoint = "gpiod_chip_open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial SafeGpiodChipHandle ChipOpenByPath(string path);

    /// <summary><c>void gpiod_chip_close(struct gpiod_chip *chip)</c>.</summary>
    [LibraryImport(NativeLibraries.Libgpiod, EntryPoint = "gpiod_chip_close")]
    public static partial void ChipClose(IntPtr chip);

    /// <summary><c>struct gpiod_line *gpiod_chip_get_line(struct gpiod_chip *chip, unsigned int offset)</c>; owned by the chip.</summary>
    [LibraryImport(NativeLibraries.Libgpiod, EntryPoint = "gpiod_chip_get_line", SetLastError = true)]
    public static partial IntPtr ChipGetLine(SafeGpiodChipHandle chip, uint offset);

    /// <summary><c>int gpiod_line_request_input(struct gpiod_line *line, const char *consumer)</c>; 0 or −1 + errno.</summary>
    [LibraryImport(NativeLibraries.Libgpiod, EntryPoint = "gpiod_line_request_input", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int LineRequestInput(IntPtr line, string consumer);

    /// <summary><c>int gpiod_line_request_output(struct gpiod_line *line, const char *consumer, int default_val)</c>; 0 or −1 + errno.</summary>
    [LibraryImport(NativeLibraries.Libgpiod, EntryPoint = "gpiod_line_request_output", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int LineRequestOutput(IntPtr line, string consumer, int defaultValue);

    /// <summary><c>int gpiod_line_get_value(struct gpiod_line *line)</c>; 0, 1 or −1 + errno.</summary>
    [LibraryImport(NativeLibraries.Libgpiod, EntryPoint = "gpiod_line_get_value", SetLastError = true)]
    public static partial int LineGetValue(IntPtr line);

    /// <summary><c>int gpiod_line_set_value(struct gpiod_line *line, int value)</c>; 0 or −1 + errno.</summary>
    [LibraryImport(NativeLibraries.Libgpiod, EntryPoint = "gpiod_line_set_value", SetLastError = true)]
    public static partial int LineSetValue(IntPtr line, int value);

    /// <summary><c>void gpiod_line_release(struct gpiod_line *line)</c>.</summary>
    [LibraryImport(NativeLibraries.Libgpiod, EntryPoint = "gpiod_line_release")]
    public static partial void LineRelease(IntPtr line);

    /// <summary><c>const char *gpiod_version_string(void)</c>.</summary>
    [LibraryImport(NativeLibraries.Libgpiod, EntryPoint = "gpiod_version_string")]
    public static partial IntPtr VersionString();
}
