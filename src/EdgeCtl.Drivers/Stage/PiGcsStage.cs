using System.Globalization;

namespace EdgeCtl.Drivers;

/// <summary>
/// <see cref="IStage"/> for a PI controller speaking GCS 2.0 (wire-protocol.md §1; PI E-727 / GCS 2.0
/// manual): axis 1 = X, axis 2 = Y, µm. A move is <c>MOV</c>, <c>ERR?</c>, polling of <c>#5</c> until
/// no axis moves, <c>ERR?</c> again and a <c>POS?</c> check against the target. On timeout or
/// cancellation the stage is stopped with <c>#24</c> before the exception propagates.
/// <para>
/// Thread safety: initialisation, position reads and moves are serialised by an operation lock so
/// that one caller's <c>ERR?</c> never consumes another's error. <see cref="StopAsync"/> bypasses the
/// lock so it can interrupt a move in progress; that move then fails with <see cref="GcsErrorException"/>
/// (code 10) or <see cref="StagePositionException"/>.
/// </para>
/// </summary>
public sealed class PiGcsStage : IStage
{
    private const byte MotionStatusByte = 5;  // #5
    private const byte StopAllByte = 24;      // #24
    private const int AxisMovingMask = 0b11;  // bit 0 axis 1, bit 1 axis 2

    private readonly IGcsTransport _gcs;
    private readonly PiGcsStageOptions _options;
    private readonly SemaphoreSlim _operation = new(1, 1);
    private StageLimits? _limits;
    private double _velocity;

    /// <summary>Creates the driver over <paramref name="transport"/> (not owned).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is not positive.</exception>
    public PiGcsStage(IGcsTransport transport, PiGcsStageOptions? options = null)
    {
        _gcs = transport ?? throw new ArgumentNullException(nameof(transport));
        _options = options ?? new PiGcsStageOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.MoveTimeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.PollInterval, TimeSpan.Zero, nameof(options));
        if (!(_options.PositionToleranceUm > 0))
            throw new ArgumentOutOfRangeException(nameof(options), _options.PositionToleranceUm, "PositionToleranceUm must be > 0.");
    }

    private string Device => _gcs.DeviceName;

    /// <inheritdoc />
    public StageLimits Limits => _limits ?? throw NotInitialized();

    /// <inheritdoc />
    public double VelocityUmPerS => _limits is null ? throw NotInitialized() : _velocity;

    private InvalidOperationException NotInitialized() =>
        new($"{Device}: InitializeAsync has not completed; limits and velocity are unknown.");

    /// <inheritdoc />
    public async Task<string> IdentifyAsync(CancellationToken ct)
    {
        var idn = (await _gcs.QueryAsync("*IDN?", ct).ConfigureAwait(false)).Trim();
        if (idn.Length == 0) throw new ProtocolException(Device, "empty answer to '*IDN?'");
        return idn;
    }

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken ct)
    {
        await _operation.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await InitializeCoreAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _operation.Release();
        }
    }

    private async Task InitializeCoreAsync(CancellationToken ct)
    {
        const string servoOn = "SVO 1 1 2 1";
        await _gcs.SendAsync(servoOn, ct).ConfigureAwait(false);
        await ThrowOnErrorAsync(servoOn, ct).ConfigureAwait(false);
        var (s1, s2) = GcsAnswerParser.ParseTwoAxisFlags(await _gcs.QueryAsync("SVO?", ct).ConfigureAwait(false), Device, "SVO?");
        if (!s1 || !s2) throw new DeviceException(Device, $"servo still off after '{servoOn}' (axis 1: {(s1 ? 1 : 0)}, axis 2: {(s2 ? 1 : 0)})");

        var (minX, minY) = await QueryTwoAxesAsync("TMN?", ct).ConfigureAwait(false);
        var (maxX, maxY) = await QueryTwoAxesAsync("TMX?", ct).ConfigureAwait(false);
        if (!(minX < maxX) || !(minY < maxY))
            throw new ProtocolException(Device, FormattableString.Invariant($"soft limits are empty: TMN? = ({minX}, {minY}), TMX? = ({maxX}, {maxY})"));
        var (v1, v2) = await QueryTwoAxesAsync("VEL?", ct).ConfigureAwait(false);
        if (!(v1 > 0) || !(v2 > 0))
            throw new ProtocolException(Device, FormattableString.Invariant($"velocity must be positive: VEL? = ({v1}, {v2}) µm/s"));
        _velocity = Math.Min(v1, v2);
        _limits = new StageLimits(minX, maxX, minY, maxY);
    }

    /// <inheritdoc />
    public async Task<StagePosition> GetPositionAsync(CancellationToken ct)
    {
        await _operation.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await ReadPositionAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _operation.Release();
        }
    }

    private async Task<StagePosition> ReadPositionAsync(CancellationToken ct)
    {
        var (x, y) = await QueryTwoAxesAsync("POS?", ct).ConfigureAwait(false);
        return new StagePosition(x, y);
    }

    /// <inheritdoc />
    public async Task MoveToAsync(double xUm, double yUm, CancellationToken ct)
    {
        var limits = Limits;
        var target = new StagePosition(xUm, yUm);
        if (!double.IsFinite(xUm) || !double.IsFinite(yUm) || !limits.Contains(xUm, yUm))
            throw new ArgumentOutOfRangeException(nameof(xUm), $"{Device}: move target {target} is outside the soft limits {limits}.");
        await _operation.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await MoveCoreAsync(target, ct).ConfigureAwait(false);
        }
        finally
        {
            _operation.Release();
        }
    }

    private async Task MoveCoreAsync(StagePosition target, CancellationToken ct)
    {
        var (xUm, yUm) = (target.XUm, target.YUm);

        var move = string.Create(CultureInfo.InvariantCulture, $"MOV 1 {xUm:F6} 2 {yUm:F6}");
        await _gcs.SendAsync(move, ct).ConfigureAwait(false);
        await ThrowOnErrorAsync(move, ct).ConfigureAwait(false);

        var deadline = Environment.TickCount64 + (long)_options.MoveTimeout.TotalMilliseconds;
        try
        {
            while (true)
            {
                var status = GcsAnswerParser.ParseMotionStatus(
                    await _gcs.QueryByteAsync(MotionStatusByte, ct).ConfigureAwait(false), Device, "#5");
                if ((status & AxisMovingMask) == 0) break;
                if (Environment.TickCount64 >= deadline)
                {
                    await StopQuietlyAsync().ConfigureAwait(false);
                    throw new StageTimeoutException(Device, target, await TryGetPositionAsync().ConfigureAwait(false), _options.MoveTimeout);
                }
                await Task.Delay(_options.PollInterval, ct).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not StageTimeoutException)
        {
            // Cancelled or the line failed mid-move: never leave the stage running unattended.
            await StopQuietlyAsync().ConfigureAwait(false);
            throw;
        }

        await ThrowOnErrorAsync(move + " (after motion)", ct).ConfigureAwait(false);
        var actual = await ReadPositionAsync(ct).ConfigureAwait(false);
        var tol = _options.PositionToleranceUm;
        if (Math.Abs(actual.XUm - xUm) > tol || Math.Abs(actual.YUm - yUm) > tol)
            throw new StagePositionException(Device, target, actual, tol);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken ct)
    {
        await _gcs.SendByteAsync(StopAllByte, ct).ConfigureAwait(false);
        // #24 sets error 10 ("stopped"); read it to clear, anything else is a real error.
        var code = GcsAnswerParser.ParseInteger(await _gcs.QueryAsync("ERR?", ct).ConfigureAwait(false), Device, "ERR?");
        if (code is not (0 or 10)) throw new GcsErrorException(Device, "#24", code);
    }

    private async Task<(double, double)> QueryTwoAxesAsync(string query, CancellationToken ct) =>
        GcsAnswerParser.ParseTwoAxes(await _gcs.QueryAsync(query, ct).ConfigureAwait(false), Device, query);

    private async Task ThrowOnErrorAsync(string after, CancellationToken ct)
    {
        var code = GcsAnswerParser.ParseInteger(await _gcs.QueryAsync("ERR?", ct).ConfigureAwait(false), Device, "ERR?");
        if (code != 0) throw new GcsErrorException(Device, after, code);
    }

    /// <summary>Best-effort <c>#24</c> + <c>ERR?</c> (to clear error 10) that never throws: the caller is already failing.</summary>
    private async Task StopQuietlyAsync()
    {
        try
        {
            await _gcs.SendByteAsync(StopAllByte, CancellationToken.None).ConfigureAwait(false);
            await _gcs.QueryAsync("ERR?", CancellationToken.None).ConfigureAwait(false);
        }
        catch (DeviceException)
        {
            // The original failure is more informative than a failed stop.
        }
    }

    private async Task<StagePosition?> TryGetPositionAsync()
    {
        try
        {
            return await ReadPositionAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (DeviceException)
        {
            return null;
        }
    }
}
