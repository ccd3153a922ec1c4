using EdgeCtl.Drivers.Tests.Support;
using Xunit;

namespace EdgeCtl.Drivers.Tests;

/// <summary>The rig control client and the rig's digital lines against a real TCP listener speaking wire-protocol.md §4.</summary>
public sealed class RigControlClientTests
{
    private static string? Rig(string command) => command switch
    {
        "GPIO GET interlock_ok" => "OK 1",
        "GPIO GET beam_blank" => "OK 0",
        "GPIO SET beam_blank 1" or "GPIO SET acq_trigger 0" or "GPIO SET interlock_ok 0" => "OK",
        "GPIO GET acq_trigger" => "OK maybe",
        "CLOCK" => "OK 3600.125",
        "ELEMENTS" => "OK Au Co Ni",
        "TARGET 0.2 0.3 0.5 ; 1 0 0" => "OK 0.75 0.125",
        "TARGET 0.5 0.5" => "OK 1 2",
        "FAULT bogus" => "ERR unknown fault 'bogus'",
        "HELLO" => "WHAT?",
        "SLEEP" => null,
        _ => "ERR unexpected " + command,
    };

    [Fact]
    public async Task Digital_lines_read_and_write_through_GPIO_GET_and_SET()
    {
        await using var server = new TextServer(Rig);
        using var client = server.CreateClient();
        var lines = new RigDigitalLines(client);

        Assert.True(lines.Read(DigitalLine.InterlockOk));
        Assert.False(lines.Read(DigitalLine.BeamBlank));
        lines.Write(DigitalLine.BeamBlank, true);
        lines.Write(DigitalLine.AcqTrigger, false);

        Assert.Equal(["GPIO GET interlock_ok", "GPIO GET beam_blank", "GPIO SET beam_blank 1", "GPIO SET acq_trigger 0"], server.Log);
    }

    [Fact]
    public async Task Writing_the_interlock_input_is_refused_by_the_lines_but_possible_for_tests_through_the_client()
    {
        await using var server = new TextServer(Rig);
        using var client = server.CreateClient();

        var ex = Assert.Throws<InvalidOperationException>(() => new RigDigitalLines(client).Write(DigitalLine.InterlockOk, false));
        Assert.Contains("interlock_ok", ex.Message);
        Assert.Empty(server.Log);

        await client.SetGpioAsync(DigitalLine.InterlockOk, false);
        Assert.Equal(["GPIO SET interlock_ok 0"], server.Log);
    }

    [Fact]
    public async Task Bad_gpio_value_is_a_protocol_error()
    {
        await using var server = new TextServer(Rig);
        using var client = server.CreateClient();

        var ex = Assert.Throws<ProtocolException>(() => new RigDigitalLines(client).Read(DigitalLine.AcqTrigger));
        Assert.Contains("'GPIO GET acq_trigger' returned \"maybe\", expected 0 or 1", ex.Message);
    }

    [Fact]
    public async Task Clock_elements_and_target_are_parsed()
    {
        await using var server = new TextServer(Rig);
        using var client = server.CreateClient();

        Assert.Equal(3600.125, await client.GetClockAsync());
        Assert.Equal(new[] { "Au", "Co", "Ni" }, await client.GetElementsAsync());
        Assert.Equal(new[] { 0.75, 0.125 }, await client.GetTargetAsync(new double[] { 0.2, 0.3, 0.5, 1, 0, 0 }, 3));
    }

    [Fact]
    public async Task Target_with_the_wrong_number_of_values_or_shape_is_rejected()
    {
        await using var server = new TextServer(Rig);
        using var client = server.CreateClient();

        var ex = await Assert.ThrowsAsync<ProtocolException>(() => client.GetTargetAsync(new double[] { 0.5, 0.5 }, 2));
        Assert.Contains("TARGET for 1 compositions returned 2 values", ex.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetTargetAsync(new double[] { 0.5, 0.5, 0.1 }, 2));
    }

    [Fact]
    public async Task ERR_answers_raise_RigControlException_and_garbage_raises_ProtocolException()
    {
        await using var server = new TextServer(Rig);
        using var client = server.CreateClient();

        var err = await Assert.ThrowsAsync<RigControlException>(() => client.SendAsync("FAULT bogus"));
        Assert.Equal("unknown fault 'bogus'", err.Text);
        Assert.Equal("FAULT bogus", err.Command);

        var garbage = await Assert.ThrowsAsync<ProtocolException>(() => client.SendAsync("HELLO"));
        Assert.Contains("neither 'OK …' nor 'ERR …': \"WHAT?\"", garbage.Message);
    }

    [Fact]
    public async Task Silent_rig_gives_DeviceTimeoutException_and_the_next_command_reconnects()
    {
        await using var server = new TextServer(Rig);
        using var client = server.CreateClient(timeout: TimeSpan.FromSeconds(1));

        var ex = await Assert.ThrowsAsync<DeviceTimeoutException>(() => client.SendAsync("SLEEP"));
        Assert.Equal("SLEEP", ex.Request);
        Assert.Equal(3600.125, await client.GetClockAsync());
    }
}
