using Xunit;

namespace EdgeCtl.Drivers.Tests;

/// <summary>PI GCS answer parsing (wire-protocol.md §1).</summary>
public sealed class GcsAnswerParserTests
{
    private const string Dev = "stage";

    [Theory]
    [InlineData("1=0.000000 \n2=5.250000", 0.0, 5.25)]
    [InlineData("2=5.25 \n1=-3", -3.0, 5.25)]          // any axis order
    [InlineData("1 = 1e2 \r\n2=7\r", 100.0, 7.0)]      // spaces, CR, exponent
    public void Two_axis_answers_parse(string answer, double a1, double a2)
    {
        Assert.Equal((a1, a2), GcsAnswerParser.ParseTwoAxes(answer, Dev, "POS?"));
    }

    [Theory]
    [InlineData("1=0.0", "axis 2 is missing")]
    [InlineData("2=0.0", "axis 1 is missing")]
    [InlineData("1=1 \n1=2", "axis 1 appears twice")]
    [InlineData("1=1 \n2=x", "value 'x' of axis '2' is not a finite number")]
    [InlineData("1=NaN \n2=1", "value 'NaN' of axis '1'")]
    [InlineData("1=1 \n\n2=1", "an empty line")]
    [InlineData("garbage", "line 'garbage' is not '<axis>=<value>'")]
    [InlineData("1=1 \n2=2 \n3=3", "unknown axis '3'")]
    public void Malformed_two_axis_answers_are_rejected_with_the_answer_quoted(string answer, string why)
    {
        var ex = Assert.Throws<ProtocolException>(() => GcsAnswerParser.ParseTwoAxes(answer, Dev, "POS?"));
        Assert.Contains(why, ex.Message);
        Assert.Contains("malformed answer to 'POS?'", ex.Message);
        Assert.Contains(answer.Replace("\r", "\\r").Replace("\n", "\\n"), ex.Message);
        Assert.StartsWith("stage: ", ex.Message);
    }

    [Fact]
    public void Flags_must_be_zero_or_one()
    {
        Assert.Equal((false, true), GcsAnswerParser.ParseTwoAxisFlags("1=0 \n2=1", Dev, "ONT?"));
        var ex = Assert.Throws<ProtocolException>(() => GcsAnswerParser.ParseTwoAxisFlags("1=0 \n2=2", Dev, "ONT?"));
        Assert.Contains("axis 2 flag is 2", ex.Message);
    }

    [Fact]
    public void Error_codes_and_motion_status_parse()
    {
        Assert.Equal(0, GcsAnswerParser.ParseInteger("0", Dev, "ERR?"));
        Assert.Equal(10, GcsAnswerParser.ParseInteger(" 10\r", Dev, "ERR?"));
        Assert.Equal(3, GcsAnswerParser.ParseMotionStatus("3", Dev, "#5"));
        Assert.Equal(3, GcsAnswerParser.ParseMotionStatus("0x3", Dev, "#5"));
        Assert.Throws<ProtocolException>(() => GcsAnswerParser.ParseInteger("-1", Dev, "ERR?"));
        Assert.Throws<ProtocolException>(() => GcsAnswerParser.ParseInteger("", Dev, "ERR?"));
        Assert.Throws<ProtocolException>(() => GcsAnswerParser.ParseMotionStatus("moving", Dev, "#5"));
    }
}
