using Xunit;

namespace EdgeCtl.Drivers.Tests;

/// <summary>Parsing the rig's ready line (docs/rig.md) — how HIL tests and the service find the rig.</summary>
public sealed class RigEndpointsTests
{
    private const string Ready =
        """EDGECTL-HIL READY {"scan":"127.0.0.1:41234","gcs_tcp":"127.0.0.1:41235","gcs_tty":"/dev/pts/7","control":"[::1]:41236","specimen":"synthetic","elements":["Au","Co","Ni"],"time_scale":1000}""";

    [Fact]
    public void Ready_line_gives_every_endpoint()
    {
        var rig = RigEndpoints.ParseReadyLine(Ready);

        Assert.Equal(("127.0.0.1", 41234), (rig.ScanHost, rig.ScanPort));
        Assert.Equal(("127.0.0.1", 41235), (rig.GcsTcpHost, rig.GcsTcpPort));
        Assert.Equal("/dev/pts/7", rig.GcsTty);
        Assert.Equal(("::1", 41236), (rig.ControlHost, rig.ControlPort));
        Assert.Equal("synthetic", rig.Specimen);
        Assert.Equal(["Au", "Co", "Ni"], rig.Elements);
        Assert.Equal(1000, rig.TimeScale);
        Assert.Equal(41234, rig.ScanEngineOptions().Port);
        Assert.Equal("::1", rig.ControlOptions().Host);
    }

    [Fact]
    public void Without_a_pty_the_stage_transport_is_TCP()
    {
        var rig = RigEndpoints.ParseReadyLine(Ready.Replace("\"gcs_tty\":\"/dev/pts/7\",", ""));
        Assert.Null(rig.GcsTty);
        using var transport = rig.CreateGcsTransport(preferTty: true);
        Assert.IsType<TcpGcsTransport>(transport);
        Assert.Equal("PI GCS stage at 127.0.0.1:41235", transport.DeviceName);
    }

    [Theory]
    [InlineData("EDGECTL-HIL STARTING", "Not a rig ready line")]
    [InlineData("EDGECTL-HIL READY {\"scan\":", "invalid JSON")]
    [InlineData("EDGECTL-HIL READY {\"scan\":\"127.0.0.1\",\"gcs_tcp\":\"h:1\",\"control\":\"h:2\",\"specimen\":\"s\",\"elements\":[\"Au\"],\"time_scale\":1}", "'scan' = \"127.0.0.1\" is not host:port")]
    [InlineData("EDGECTL-HIL READY {\"scan\":\"h:1\",\"gcs_tcp\":\"h:1\",\"control\":\"h:2\",\"specimen\":\"s\",\"elements\":[],\"time_scale\":1}", "'elements' must be a non-empty array")]
    [InlineData("EDGECTL-HIL READY {\"scan\":\"h:1\",\"gcs_tcp\":\"h:1\",\"control\":\"h:2\",\"specimen\":\"s\",\"elements\":[\"Au\"]}", "'time_scale' must be a positive number")]
    public void Bad_ready_lines_name_what_is_wrong(string line, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => RigEndpoints.ParseReadyLine(line));
        Assert.Contains(expected, ex.Message);
    }
}
