using System.Globalization;
using Spectre.Console;

namespace EdgeCtl.Service.Reporting;

/// <summary>
/// Terminal progress for <c>edgectl run</c>: a live bar with iteration, region, instrument time and
/// mean σ when stdout is a terminal; one plain line every few iterations otherwise (CI, systemd).
/// </summary>
public sealed class CampaignProgress : IDisposable
{
    private readonly int _total;
    private readonly bool _interactive;
    private readonly Task? _render;
    private readonly CancellationTokenSource _stop = new();
    private ProgressTask? _task;
    private volatile string _line = "starting";
    private int _lastPrinted = -1;

    /// <summary>Starts showing progress towards <paramref name="total"/> iterations.</summary>
    public CampaignProgress(int total, int done)
    {
        _total = total;
        _interactive = AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;
        if (!_interactive) return;
        _render = AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                _task = ctx.AddTask(_line, maxValue: total);
                _task.Value = done;
                while (!_stop.IsCancellationRequested && !ctx.IsFinished)
                {
                    _task.Description = Markup.Escape(_line);
                    ctx.Refresh();
                    try { await Task.Delay(100, _stop.Token); } catch (OperationCanceledException) { }
                }
                _task.Description = Markup.Escape(_line);
                ctx.Refresh();
            });
    }

    /// <summary>Reports the state after an iteration or a region change.</summary>
    public void Update(int iteration, int region, double instrumentSeconds, double meanSigma, double? absError, string? note)
    {
        var inv = CultureInfo.InvariantCulture;
        var err = absError is { } e ? string.Create(inv, $"  |err| {e:F4}") : "";
        _line = string.Create(inv, $"iter {iteration}/{_total}  region {region}  t_instr {Format(instrumentSeconds)}  mean σ {meanSigma:F4}{err}{(note is null ? "" : "  " + note)}");
        if (_task is not null) _task.Value = iteration;
        if (!_interactive && iteration != _lastPrinted && (iteration % 10 == 0 || iteration == _total || iteration <= 1))
        {
            _lastPrinted = iteration;
            Console.Out.WriteLine(_line);
        }
    }

    /// <summary>Instrument seconds as h:mm:ss.</summary>
    public static string Format(double seconds) => TimeSpan.FromSeconds(Math.Max(0, seconds)).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        if (_task is not null) _task.StopTask();
        _render?.GetAwaiter().GetResult();
        _stop.Dispose();
    }
}
