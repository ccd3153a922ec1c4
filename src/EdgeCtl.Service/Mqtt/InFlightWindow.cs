namespace EdgeCtl.Service.Mqtt;

/// <summary>
/// Book-keeping of QoS 1 publishes awaiting PUBACK, keyed by libmosquitto message id (mid, 1–65535).
/// Tracks which outbox ids are in flight (the backpressure window), the highest outbox id handed to
/// libmosquitto (the drain cursor), and outbox ids the broker refused. Not thread-safe: the owner
/// (<see cref="MqttPublisher"/>) locks around every use.
/// </summary>
internal sealed class InFlightWindow
{
    /// <summary>What a mid stands for.</summary>
    internal enum Kind
    {
        Event,
        Status,
        Alarm,
    }

    private readonly Dictionary<int, (Kind Kind, long OutboxId)> _byMid = [];
    private readonly HashSet<long> _refused = [];
    private int _events;

    /// <summary>Creates a window admitting at most <paramref name="capacity"/> outbox events.</summary>
    public InFlightWindow(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>Most outbox events in flight at once.</summary>
    public int Capacity { get; }

    /// <summary>Outbox events sent and not yet acknowledged.</summary>
    public int Events => _events;

    /// <summary>Free event slots.</summary>
    public int Free => Math.Max(0, Capacity - _events - _refused.Count);

    /// <summary>Highest outbox id handed to libmosquitto in this process; 0 before the first.</summary>
    public long Cursor { get; private set; }

    /// <summary>Outbox ids the broker refused (PUBACK reason ≥ 0x80); they stay in the outbox and are
    /// re-sent by the next process. They occupy window slots so a refusing broker stops the drain.</summary>
    public int Refused => _refused.Count;

    /// <summary>Status and alarm publishes awaiting PUBACK.</summary>
    public int Others => _byMid.Count - _events;

    /// <summary>Records an outbox event sent as <paramref name="mid"/>.</summary>
    public void AddEvent(int mid, long outboxId)
    {
        _byMid[mid] = (Kind.Event, outboxId);
        _events++;
        if (outboxId > Cursor)
            Cursor = outboxId;
    }

    /// <summary>Records an outbox event that could not be handed to libmosquitto at all (e.g. invalid
    /// topic); it stays in the outbox like a refused one.</summary>
    public void Refuse(long outboxId)
    {
        _refused.Add(outboxId);
        if (outboxId > Cursor)
            Cursor = outboxId;
    }

    /// <summary>Records a status or alarm publish sent as <paramref name="mid"/>.</summary>
    public void AddOther(int mid, Kind kind) => _byMid[mid] = (kind, 0);

    /// <summary>Resolves a PUBACK: removes <paramref name="mid"/> and says what it was.</summary>
    /// <returns>False when the mid is unknown (e.g. a QoS 0 message).</returns>
    public bool TryComplete(int mid, bool refused, out Kind kind, out long outboxId)
    {
        if (!_byMid.Remove(mid, out var entry))
        {
            kind = default;
            outboxId = 0;
            return false;
        }

        (kind, outboxId) = entry;
        if (kind == Kind.Event)
        {
            _events--;
            if (refused)
                _refused.Add(outboxId);
        }

        return true;
    }
}
