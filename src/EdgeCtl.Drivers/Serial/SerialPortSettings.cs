namespace EdgeCtl.Drivers;

/// <summary>
/// Line settings of a <see cref="SerialPort"/>. Default: 115200 baud, 8 data bits, no parity,
/// 1 stop bit (8N1), no flow control — the PI GCS serial default (wire-protocol.md §1).
/// </summary>
/// <param name="BaudRate">Bits per second; one of the standard termios rates 1200 … 921600.</param>
/// <param name="DataBits">5 … 8.</param>
/// <param name="Parity">Parity bit.</param>
/// <param name="StopBits">1 or 2.</param>
public sealed record SerialPortSettings(int BaudRate = 115200, int DataBits = 8, Parity Parity = Parity.None, int StopBits = 1)
{
    /// <summary>115200 8N1.</summary>
    public static SerialPortSettings Default { get; } = new();

    /// <summary>"115200 8N1" style description.</summary>
    public override string ToString() => $"{BaudRate} {DataBits}{Parity.ToString()[0]}{StopBits}";
}
