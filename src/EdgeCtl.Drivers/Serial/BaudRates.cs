namespace EdgeCtl.Drivers;

/// <summary>Maps baud rates to Linux <c>speed_t</c> constants (asm-generic/termbits.h: B1200 … B921600).</summary>
internal static class BaudRates
{
    /// <summary>The <c>speed_t</c> for <paramref name="baud"/>, or false when it is not a standard rate.</summary>
    public static bool TryGetSpeed(int baud, out uint speed)
    {
        speed = baud switch
        {
            1200 => 0x9,
            2400 => 0xB,
            4800 => 0xC,
            9600 => 0xD,
            19200 => 0xE,
            38400 => 0xF,
            57600 => 0x1001,
            115200 => 0x1002,
            230400 => 0x1003,
            460800 => 0x1004,
            500000 => 0x1005,
            576000 => 0x1006,
            921600 => 0x1007,
            _ => 0,
        };
        return speed != 0;
    }
}
