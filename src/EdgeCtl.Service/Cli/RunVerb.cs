using System.CommandLine;
using System.Globalization;
using EdgeCtl.Service.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeCtl.Service.Cli;

/// <summary>
/// <c>edgectl run</c>: builds the Generic Host (appsettings.json beside the executable, then
/// <c>--config FILE</c>, environment variables such as <c>EdgeCtl__Campaign__Iterations</c>,
/// <c>--EdgeCtl:Key=value</c> arguments, then the named options below, last wins), validates the
/// configuration, and runs one campaign to its end.
/// </summary>
public static class RunVerb
{
    /// <summary>The command.</summary>
    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config") { Description = "Extra appsettings JSON file (EdgeCtl section)." };
        var id = new Option<string?>("--campaign-id") { Description = "Campaign id; an existing id resumes that campaign." };
        var iterations = new Option<int?>("--iterations") { Description = "EELS measurements to make (seed particles included)." };
        var seed = new Option<ulong?>("--seed") { Description = "Seed of the campaign's random choices." };
        var elements = new Option<string?>("--elements") { Description = "Comma-separated elements, e.g. Au,Co,Ni." };
        var acquisition = new Option<string?>("--acquisition") { Description = "MaxUncertainty | UpperConfidenceBound | ExpectedImprovement." };
        var specimen = new Option<string?>("--specimen") { Description = "Specimen label for reports." };
        var scan = new Option<string?>("--scan") { Description = "Scan engine host:port." };
        var stage = new Option<string?>("--stage") { Description = "Stage: tcp://host:port or serial:/dev/ttyX." };
        var rigControl = new Option<string?>("--rig-control") { Description = "HIL rig control host:port (emulated GPIO, ground truth)." };
        var mqtt = new Option<string?>("--mqtt") { Description = "MQTT broker host:port." };
        var mqttUser = new Option<string?>("--mqtt-user") { Description = "MQTT user name." };
        var mqttPasswordEnv = new Option<string?>("--mqtt-password-env") { Description = "Name of the environment variable holding the MQTT password." };
        var noMqtt = new Option<bool>("--no-mqtt") { Description = "Do not publish over MQTT." };
        var runsDir = new Option<string?>("--runs-dir") { Description = "Folder of run folders (default runs)." };
        var verbose = new Option<bool>("--verbose") { Description = "Log every step to stderr." };

        var cmd = new Command("run", "Run an unattended exploration campaign against the instrument (or the HIL rig).")
        {
            config, id, iterations, seed, elements, acquisition, specimen, scan, stage, rigControl,
            mqtt, mqttUser, mqttPasswordEnv, noMqtt, runsDir, verbose,
        };
        cmd.TreatUnmatchedTokensAsErrors = false;
        cmd.SetAction(async (parse, ct) =>
        {
            var overrides = new Dictionary<string, string?>();
            void Set(string key, string? value) { if (value is not null) overrides[$"{EdgeCtlOptions.Section}:{key}"] = value; }
            Set("Campaign:Id", parse.GetValue(id));
            Set("Campaign:Iterations", parse.GetValue(iterations)?.ToString(CultureInfo.InvariantCulture));
            Set("Campaign:Seed", parse.GetValue(seed)?.ToString(CultureInfo.InvariantCulture));
            if (parse.GetValue(elements) is { } els)
            {
                var list = els.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                for (int i = 0; i < list.Length; i++) Set($"Campaign:Elements:{i}", list[i]);
            }
            Set("Campaign:Specimen", parse.GetValue(specimen));
            Set("Campaign:RunsDirectory", parse.GetValue(runsDir));
            Set("Policy:AcquisitionFunction", parse.GetValue(acquisition));
            Set("Instrument:ScanEngine", parse.GetValue(scan));
            Set("Instrument:Stage", parse.GetValue(stage));
            if (parse.GetValue(rigControl) is { } rc) { Set("Instrument:RigControl", rc); Set("Instrument:Gpio", "rig"); }
            if (parse.GetValue(mqtt) is { } m)
            {
                if (!Endpoint.TryParseHostPort(m, out var mqttHost, out var mqttPort))
                {
                    Console.Error.WriteLine($"edgectl run: --mqtt '{m}': expected host:port.");
                    return 2;
                }
                Set("Mqtt:Host", mqttHost);
                Set("Mqtt:Port", mqttPort.ToString(CultureInfo.InvariantCulture));
            }
            Set("Mqtt:Username", parse.GetValue(mqttUser));
            if (parse.GetValue(mqttPasswordEnv) is { } envName)
            {
                var pw = Environment.GetEnvironmentVariable(envName);
                if (pw is null)
                {
                    Console.Error.WriteLine($"edgectl run: --mqtt-password-env {envName}: that environment variable is not set.");
                    return 2;
                }
                Set("Mqtt:Password", pw);
            }
            if (parse.GetValue(noMqtt)) Set("Mqtt:Enabled", "false");

            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                Args = [.. parse.UnmatchedTokens],
                ContentRootPath = AppContext.BaseDirectory,
            });
            if (parse.GetValue(config) is { } file)
            {
                if (!file.Exists)
                {
                    Console.Error.WriteLine($"edgectl run: --config '{file.FullName}' does not exist.");
                    return 2;
                }
                builder.Configuration.AddJsonFile(file.FullName, optional: false, reloadOnChange: false);
            }
            builder.Configuration.AddInMemoryCollection(overrides);
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
            builder.Logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.SetMinimumLevel(parse.GetValue(verbose) ? LogLevel.Information : LogLevel.Warning);

            var options = new EdgeCtlOptions();
            try
            {
                builder.Configuration.GetSection(EdgeCtlOptions.Section).Bind(options);
                options.ApplyDefaults();
                OptionsValidator.ThrowIfInvalid(options);
            }
            catch (Exception e) when (e is ConfigurationException or InvalidOperationException or FormatException)
            {
                Console.Error.WriteLine($"edgectl run: {e.Message}");
                return 2;
            }
            builder.Services.AddSingleton(options);
            builder.Services.AddSingleton<CampaignExit>();
            builder.Services.AddHostedService<CampaignService>();
            using var host = builder.Build();
            var exit = host.Services.GetRequiredService<CampaignExit>();
            await host.RunAsync(ct);
            return exit.Code;
        });
        return cmd;
    }
}

/// <summary>The exit code the campaign service leaves for <c>edgectl run</c>: 0 done, 1 failed, 3 aborted.</summary>
public sealed class CampaignExit
{
    /// <summary>Process exit code.</summary>
    public int Code { get; set; } = 1;
}
