using System.Globalization;

namespace EdgeCtl.Service.Configuration;

/// <summary>Parses <c>host:port</c> endpoints.</summary>
public static class Endpoint
{
    /// <summary>Splits <c>host:port</c>; false when malformed or the port is not 1..65535.</summary>
    public static bool TryParseHostPort(string value, out string host, out int port)
    {
        host = "";
        port = 0;
        int colon = value.LastIndexOf(':');
        if (colon <= 0 || colon == value.Length - 1) return false;
        host = value[..colon].Trim('[', ']');
        return int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;
    }
}

/// <summary>A stage endpoint: TCP or a serial device.</summary>
/// <param name="IsSerial">True for a serial line.</param>
/// <param name="Host">TCP host.</param>
/// <param name="Port">TCP port.</param>
/// <param name="DevicePath">Serial device path.</param>
public readonly record struct StageEndpoint(bool IsSerial, string Host, int Port, string DevicePath)
{
    /// <summary>Parses <c>tcp://host:port</c> or <c>serial:/dev/ttyX</c>.</summary>
    public static bool TryParse(string value, out StageEndpoint endpoint)
    {
        endpoint = default;
        if (value.StartsWith("serial:", StringComparison.Ordinal))
        {
            var path = value["serial:".Length..];
            if (!path.StartsWith('/')) return false;
            endpoint = new StageEndpoint(true, "", 0, path);
            return true;
        }
        if (value.StartsWith("tcp://", StringComparison.Ordinal) && Endpoint.TryParseHostPort(value["tcp://".Length..], out var h, out var p))
        {
            endpoint = new StageEndpoint(false, h, p, "");
            return true;
        }
        return false;
    }
}
