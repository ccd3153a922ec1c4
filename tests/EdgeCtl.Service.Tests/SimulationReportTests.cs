using System.Diagnostics;
using System.Text.RegularExpressions;
using EdgeCtl.Policy.Simulation;
using EdgeCtl.Service.Cli;
using EdgeCtl.Service.Reporting;
using Xunit;

namespace EdgeCtl.Service.Tests;

public class SimulationReportTests
{
    private static string WriteSmallReport()
    {
        string path = Path.Combine(Path.GetTempPath(), $"edgectl-sim-{Environment.ProcessId}-{Guid.NewGuid():N}.html");
        var stderr = new StringWriter();
        int code = SimulateVerb.Execute(3, 20, 2, 1, "paper,random,nearest,nocost,ours", 10, 2, json: true, new StringWriter(), stderr, path);
        Assert.True(code == 0, stderr.ToString());
        return path;
    }

    [Fact]
    public void PageIsSelfContained()
    {
        string path = WriteSmallReport();
        try
        {
            string html = File.ReadAllText(path);
            Assert.DoesNotContain("/*__", html);                                   // every marker replaced
            Assert.DoesNotMatch(new Regex("<(script|link)[^>]+(src|href)=", RegexOptions.IgnoreCase), html); // nothing fetched
            Assert.Contains("uPlot", html);
            Assert.Contains("\"policy\":\"ours\"", html);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void MissingAssetsAreReportedBeforeSimulating()
    {
        var stderr = new StringWriter();
        int code = SimulateVerb.Execute(3, 10, 1, 1, "paper", 10, 1, json: false, new StringWriter(), stderr, "/tmp/x.html",
            Path.GetTempPath());
        Assert.Equal(2, code);
        Assert.Contains("template", stderr.ToString());
    }

    /// <summary>Renders the page in headless Debian chromium and checks every plot drew with no console error.
    /// Fails where chromium is not installed (`make test` installs it).</summary>
    [Fact]
    public async Task EveryPlotDrawsInHeadlessChromium()
    {
        string? chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        Assert.True(chromium is not null, "Debian chromium is not installed: `make test` installs it (scripts/setup.sh test).");
        string path = WriteSmallReport();
        string profile = Directory.CreateTempSubdirectory("edgectl-chromium-").FullName;
        try
        {
            var psi = new ProcessStartInfo(chromium)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                         "--disable-dev-shm-usage", "--no-first-run", $"--user-data-dir={profile}", "--virtual-time-budget=10000",
                         "--dump-dom", new Uri(path).AbsoluteUri })
                psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            _ = p.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await p.WaitForExitAsync(cts.Token);
            string dom = await stdout;
            var body = Regex.Match(dom, "<body[^>]*>");
            Assert.True(body.Success, "no <body> in the dumped DOM");
            var drawn = Regex.Match(body.Value, "data-plots-drawn=\"(\\d+)\"");
            var expected = Regex.Match(body.Value, "data-plots-expected=\"(\\d+)\"");
            var errors = Regex.Match(body.Value, "data-errors=\"([^\"]*)\"");
            Assert.True(drawn.Success && expected.Success && errors.Success, $"page did not finish: {body.Value}");
            Assert.Equal("", errors.Groups[1].Value);
            Assert.True(int.Parse(expected.Groups[1].Value) >= 7, body.Value);
            Assert.Equal(expected.Groups[1].Value, drawn.Groups[1].Value);
            Assert.Contains("class=\"u-wrap\"", dom); // uPlot built its canvases
        }
        finally
        {
            File.Delete(path);
            try { Directory.Delete(profile, true); } catch (IOException) { }
        }
    }
}
