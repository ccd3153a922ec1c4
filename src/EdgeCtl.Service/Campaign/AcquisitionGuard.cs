using EdgeCtl.Drivers;

namespace EdgeCtl.Service.Campaign;

/// <summary>
/// Runs acquisitions only while the safety interlock is closed. The interlock can open between the
/// line being read and the instrument accepting the request; the instrument then refuses it with
/// <see cref="ScanEngineErrorCode.InterlockOpen"/> (docs/wire-protocol.md §2, error 4). That refusal is
/// a pause, not a failure: the guard waits for the interlock to close and repeats the acquisition.
/// </summary>
public sealed class AcquisitionGuard(CampaignTelemetry telemetry, CampaignState state, CancellationToken ct)
{
    /// <summary>Runs <paramref name="acquire"/> once the interlock is closed, again after every interlock refusal.</summary>
    /// <exception cref="OperationCanceledException">Cancelled while waiting.</exception>
    public async Task<T> RunAsync<T>(Func<Task<T>> acquire)
    {
        while (true)
        {
            await telemetry.WaitForInterlockAsync(state, ct);
            try
            {
                return await acquire();
            }
            catch (ScanEngineException e) when (e.Code == ScanEngineErrorCode.InterlockOpen)
            {
                telemetry.Alarm(state, $"acquisition refused, interlock open ({e.Message}); waiting for it to close");
                await Task.Delay(200, ct); // the line may lag the instrument's own interlock state
            }
        }
    }
}
