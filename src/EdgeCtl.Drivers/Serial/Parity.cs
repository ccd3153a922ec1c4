namespace EdgeCtl.Drivers;

/// <summary>Serial parity (termios(3) PARENB / PARODD).</summary>
public enum Parity
{
    /// <summary>No parity bit.</summary>
    None,
    /// <summary>Even parity (PARENB).</summary>
    Even,
    /// <summary>Odd parity (PARENB | PARODD).</summary>
    Odd,
}
