using EdgeCtl.Service.Campaign;
using EdgeCtl.Service.Configuration;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace EdgeCtl.Service.Tests;

public sealed class ConfigurationTests
{
    private static EdgeCtlOptions Bind(params (string Key, string Value)[] values)
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>($"EdgeCtl:{v.Key}", v.Value)))
            .Build();
        var o = new EdgeCtlOptions();
        config.GetSection("EdgeCtl").Bind(o);
        return o.ApplyDefaults();
    }

    [Fact]
    public void Defaults_are_valid_and_are_the_papers()
    {
        var o = Bind(("Instrument:RigControl", "127.0.0.1:7102"));
        Assert.Empty(OptionsValidator.Validate(o));
        Assert.Equal(["Au", "Co", "Ni"], o.Campaign.Elements);
        Assert.Equal(150, o.Campaign.Iterations);
        Assert.Equal(3, o.Campaign.SeedParticles);
        Assert.Equal(10, o.Acquisition.EdxFrameSeconds);
        Assert.Equal(1, o.Acquisition.EelsSeconds);
    }

    [Fact]
    public void Noisy_input_settings_reach_the_policy()
    {
        var o = Bind(("Instrument:RigControl", "127.0.0.1:7102"), ("Policy:GradientInputNoise", "true"), ("Policy:CurvatureCorrection", "0.5"));
        Assert.Empty(OptionsValidator.Validate(o));
        var p = PolicySettingsMapper.ToPolicyOptions(o.Policy, 30, o.Acquisition);
        Assert.True(p.GradientInputNoise);
        Assert.Equal(0.5, p.CurvatureCorrection);
        Assert.False(PolicySettingsMapper.ToPolicyOptions(Bind().Policy, 30, o.Acquisition).GradientInputNoise);
    }

    [Fact]
    public void Configured_elements_replace_the_default_instead_of_being_appended()
    {
        var o = Bind(("Campaign:Elements:0", "Si"), ("Campaign:Elements:1", "O"), ("Instrument:Gpio", "none"));
        Assert.Equal(["Si", "O"], o.Campaign.Elements);
        Assert.Empty(OptionsValidator.Validate(o));
    }

    [Theory]
    [InlineData("Campaign:Iterations", "2", "EdgeCtl:Campaign:Iterations")]
    [InlineData("Campaign:Elements:0", "Xx", "EdgeCtl:Campaign:Elements")]
    [InlineData("Campaign:Id", "../etc", "EdgeCtl:Campaign:Id")]
    [InlineData("Instrument:Stage", "usb:3", "EdgeCtl:Instrument:Stage")]
    [InlineData("Instrument:ScanEngine", "nohost", "EdgeCtl:Instrument:ScanEngine")]
    [InlineData("Instrument:Gpio", "spi", "EdgeCtl:Instrument:Gpio")]
    [InlineData("Acquisition:EdxFrameSeconds", "0", "EdgeCtl:Acquisition:EdxFrameSeconds")]
    [InlineData("Policy:AcquisitionFunction", "Greedy", "EdgeCtl:Policy:AcquisitionFunction")]
    [InlineData("Policy:CurvatureCorrection", "1.5", "EdgeCtl:Policy:CurvatureCorrection")]
    [InlineData("Mqtt:InstrumentId", "a/b", "EdgeCtl:Mqtt:InstrumentId")]
    public void A_bad_value_is_reported_with_its_key(string key, string value, string expectedKey)
    {
        var o = Bind(("Instrument:RigControl", "127.0.0.1:7102"), (key, value));
        var errors = OptionsValidator.Validate(o);
        Assert.Contains(errors, e => e.StartsWith(expectedKey, StringComparison.Ordinal));
        var ex = Assert.Throws<ConfigurationException>(() => OptionsValidator.ThrowIfInvalid(o));
        Assert.Contains(expectedKey, ex.Message);
    }

    [Fact]
    public void Rig_gpio_without_a_rig_control_port_is_refused()
    {
        var errors = OptionsValidator.Validate(Bind());
        Assert.Contains(errors, e => e.Contains("Instrument:Gpio = rig needs", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("tcp://127.0.0.1:7101", false, "127.0.0.1", 7101, "")]
    [InlineData("serial:/dev/pts/3", true, "", 0, "/dev/pts/3")]
    public void Stage_endpoints_parse(string text, bool serial, string host, int port, string device)
    {
        Assert.True(StageEndpoint.TryParse(text, out var e));
        Assert.Equal(new StageEndpoint(serial, host, port, device), e);
    }

    [Fact]
    public void Region_grid_covers_the_papers_area_and_tolerates_rounded_limits()
    {
        var grid = new RegionGrid(0, 0, 300, 300, 30);
        Assert.Equal((10, 10), (grid.Columns, grid.Rows));
        Assert.Equal((15.0, 15.0), grid.Center(0));
        Assert.Equal((285.0, 15.0), grid.Center(9));
        Assert.Equal((165.0, 165.0), grid.Center(grid.CentralRegion));
        Assert.Equal(900, grid.RegionAreaUm2);
        // The replay field: limits arrive as 6-digit decimals (1.094713 for 2 × 0.54735646 µm).
        var replay = new RegionGrid(0, 0, 1.094713, 1.094713, 0.54735646);
        Assert.Equal(4, replay.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => grid.Center(100));
        Assert.Throws<ArgumentException>(() => new RegionGrid(0, 0, 10, 10, 30));
    }

    [Theory]
    [InlineData(30, 15, 2048)]
    [InlineData(30, 30, 1024)]
    [InlineData(0.0547, 15, 256)]
    [InlineData(300, 15, 4096)]
    public void Overview_frame_is_the_power_of_two_that_resolves_the_target_pixel(double fovUm, double pixelNm, int expected)
        => Assert.Equal(expected, OverviewSampling.FramePixels(fovUm, pixelNm));

    [Fact]
    public void Evaluation_set_lies_on_the_simplex_and_is_reproducible()
    {
        var a = EvaluationSet.Create(50, 4, 9);
        Assert.Equal(a, EvaluationSet.Create(50, 4, 9));
        Assert.NotEqual(a, EvaluationSet.Create(50, 4, 10));
        for (int i = 0; i < 50; i++)
        {
            var row = a.AsSpan(i * 4, 4);
            double sum = 0;
            foreach (var v in row) { Assert.InRange(v, 0, 1); sum += v; }
            Assert.Equal(1, sum, 12);
        }
    }
}
