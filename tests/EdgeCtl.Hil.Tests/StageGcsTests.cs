using System.Globalization;
using EdgeCtl.Hil.Tests.Support;
using Xunit;

namespace EdgeCtl.Hil.Tests;

public sealed class StageGcsTests : IDisposable
{
    private readonly RigProcess _rig = RigProcess.Start("--no-pty", "--speedup", "20");
    private readonly LineClient _gcs;

    public StageGcsTests() => _gcs = new LineClient(_rig.GcsTcp);

    public void Dispose()
    {
        _gcs.Dispose();
        _rig.Dispose();
    }

    private int Err() => int.Parse(_gcs.Query("ERR?").Trim(), CultureInfo.InvariantCulture);

    [Fact]
    public void IdentifiesAsTheEmulatedController()
    {
        Assert.Equal("EdgeCtl HIL stage, model E-727 emulation, SN 0001, FW 1.0\n", _gcs.Query("*IDN?"));
    }

    [Fact]
    public void MultiLineAnswersEndEveryLineButTheLastWithSpaceBeforeLf()
    {
        Assert.Equal("1=0.000000 \n2=0.000000\n", _gcs.Query("TMN?"));
        Assert.Equal("1=300.000000 \n2=300.000000\n", _gcs.Query("TMX?"));
        Assert.Equal("1=150.000000 \n2=150.000000\n", _gcs.Query("POS?"));
        Assert.Equal("2=150.000000\n", _gcs.Query("POS? 2"));
        Assert.Equal("1=1 \n2=1\n", _gcs.Query("SVO?"));
        Assert.Equal("1=10.000000 \n2=10.000000\n", _gcs.Query("VEL?"));
    }

    [Fact]
    public void MoveReachesTargetThroughInterpolatedPositions()
    {
        _gcs.Send("MOV 1 160 2 140");
        Assert.Equal(0, Err());
        var mid = Gcs.ParseAxes(_gcs.Query("POS?"));
        Assert.InRange(mid[1], 150, 160);
        Assert.InRange(mid[2], 140, 150);
        Assert.Equal(mid[1] - 150, 150 - mid[2], 3); // straight line: equal progress on both axes
        Gcs.WaitOnTarget(_gcs.Query);
        var end = Gcs.ParseAxes(_gcs.Query("POS? 1 2"));
        Assert.Equal(160, end[1], 6);
        Assert.Equal(140, end[2], 6);
        Assert.Equal(0, Err());
    }

    [Fact]
    public void SingleAxisMoveKeepsTheOtherAxisAndMotionStatusShowsOnlyTheMovingAxis()
    {
        _gcs.Send("VEL 2 1"); // 140 s of motion: far longer than any wall-clock hiccup of the test at speed-up 20
        _gcs.Send("MOV 2 290");
        _gcs.SendRaw([0x05]);
        Assert.Equal("2\n", _gcs.ReadLine());
        Assert.Equal("1=1 \n2=0\n", _gcs.Query("ONT?"));
        Assert.Equal(150, Gcs.ParseAxes(_gcs.Query("POS? 1"))[1], 6);
        _gcs.Send("VEL 2 100");
        _gcs.Send("MOV 2 290"); // a new MOV restarts from where the stage is, at the new velocity
        Gcs.WaitOnTarget(_gcs.Query);
        _gcs.SendRaw([0x05]);
        Assert.Equal("0\n", _gcs.ReadLine());
        var pos = Gcs.ParseAxes(_gcs.Query("POS?"));
        Assert.Equal(150, pos[1], 6);
        Assert.Equal(290, pos[2], 6);
    }

    [Fact]
    public void OutOfLimitTargetSetsError7AndDoesNotMove()
    {
        _gcs.Send("MOV 1 301 2 100");
        Assert.Equal(7, Err());
        Assert.Equal(0, Err()); // ERR? clears
        Assert.Equal("1=150.000000 \n2=150.000000\n", _gcs.Query("POS?"));
        _gcs.SendRaw([0x05]);
        Assert.Equal("0\n", _gcs.ReadLine());
    }

    [Fact]
    public void UnknownCommandSetsError2WithoutAnswerAndMalformedSetsError1()
    {
        _gcs.Send("FLY 1 2");
        Assert.Equal(2, Err()); // the first line read is ERR?'s: FLY gave no answer
        _gcs.Send("MOV 3 10");
        Assert.Equal(1, Err());
        _gcs.Send("MOV 1 abc");
        Assert.Equal(1, Err());
    }

    [Fact]
    public void VelocityMustBePositiveAndChangesMotionTime()
    {
        _gcs.Send("VEL 1 0 2 5");
        Assert.Equal(17, Err());
        Assert.Equal("1=10.000000 \n2=10.000000\n", _gcs.Query("VEL?"));
        _gcs.Send("VEL 1 20 2 20");
        Assert.Equal(0, Err());
        Assert.Equal("1=20.000000 \n2=20.000000\n", _gcs.Query("VEL?"));
    }

    [Fact]
    public void ServoOffRefusesMoveWithError5()
    {
        _gcs.Send("SVO 1 0");
        Assert.Equal("1=0 \n2=1\n", _gcs.Query("SVO?"));
        _gcs.Send("MOV 1 100");
        Assert.Equal(5, Err());
        _gcs.Send("SVO 1 1 2 1");
        _gcs.Send("MOV 1 151");
        Assert.Equal(0, Err());
    }

    [Fact]
    public void HaltStopsMidMotionAndSetsError10()
    {
        _gcs.Send("MOV 1 250");
        _gcs.Send("HLT");
        Assert.Equal(10, Err());
        var pos = Gcs.ParseAxes(_gcs.Query("POS?"));
        Assert.InRange(pos[1], 150, 250 - 1e-3);
        Assert.Equal("1=1 \n2=1\n", _gcs.Query("ONT? 1 2"));
        var again = Gcs.ParseAxes(_gcs.Query("POS?"));
        Assert.Equal(pos[1], again[1], 9); // stays where it stopped
    }

    [Fact]
    public void EmergencyStopByteHaltsLikeHlt()
    {
        _gcs.Send("MOV 2 10");
        _gcs.SendRaw([0x18]);
        Assert.Equal(10, Err());
        _gcs.SendRaw([0x05]);
        Assert.Equal("0\n", _gcs.ReadLine());
    }

    [Fact]
    public void BothTransportsShareOneStageAcrossConnections()
    {
        using var other = new LineClient(_rig.GcsTcp);
        _gcs.Send("MOV 1 155 2 155");
        Assert.Equal(0, Err()); // round trip: the MOV has been executed before the other connection polls
        Gcs.WaitOnTarget(other.Query);
        Assert.Equal("1=155.000000 \n2=155.000000\n", other.Query("POS?"));
    }
}
