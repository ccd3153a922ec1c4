using System.Text.Json;
using EdgeCtl.Service.Cli;
using Xunit;

namespace EdgeCtl.Service.Tests;

public class SimulateVerbTests
{
    [Fact]
    public void JsonHasOneObjectPerPolicyWithTheIssueFields()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = SimulateVerb.Execute(3, 20, 2, 1, "paper,nearest,ours", 10, 2, json: true, stdout, stderr);
        Assert.Equal(0, code);
        Assert.Equal("", stderr.ToString());
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        string[] names = ["paper", "nearest", "ours"];
        for (int i = 0; i < 3; i++)
        {
            using var doc = JsonDocument.Parse(lines[i]);
            var o = doc.RootElement;
            Assert.Equal(names[i], o.GetProperty("policy").GetString());
            var t = o.GetProperty("instrument_seconds_to_target");
            foreach (var k in new[] { "mean", "p10", "p90" }) Assert.True(t.TryGetProperty(k, out _), k);
            Assert.True(o.GetProperty("final_abs_error").GetProperty("mean").GetDouble() > 0);
            Assert.True(o.GetProperty("final_mean_sigma").GetProperty("mean").GetDouble() > 0);
            Assert.True(o.GetProperty("measured_fraction_per_region").GetArrayLength() > 0);
        }
        using var paper = JsonDocument.Parse(lines[0]);
        Assert.Equal(1.0, paper.RootElement.GetProperty("time_ratio_to_paper").GetDouble(), 9);
    }

    [Fact]
    public void UnknownPolicyIsABadArgument()
    {
        var stderr = new StringWriter();
        int code = SimulateVerb.Execute(3, 10, 1, 1, "paper,greedy", 10, 1, json: false, new StringWriter(), stderr);
        Assert.Equal(2, code);
        Assert.Contains("greedy", stderr.ToString());
    }

    [Fact]
    public void TableNamesEveryPolicy()
    {
        var stdout = new StringWriter();
        Assert.Equal(0, SimulateVerb.Execute(3, 10, 1, 1, "paper,random", 10, 1, json: false, stdout, new StringWriter()));
        Assert.Contains("paper", stdout.ToString());
        Assert.Contains("random", stdout.ToString());
    }
}
