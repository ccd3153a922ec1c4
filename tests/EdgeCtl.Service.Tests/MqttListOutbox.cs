using Xunit;
using EdgeCtl.Service.Mqtt;

namespace EdgeCtl.Service.Tests;

/// <summary>
/// An in-memory <see cref="IOutbox"/> (our own interface; the SQLite store implements it in the
/// product). Records every MarkPublished call; <see cref="Gate"/> can hold Pending like a slow store.
/// </summary>
public sealed class MqttListOutbox : IOutbox
{
    private readonly Lock _gate = new();
    private readonly List<OutboxMessage> _messages = [];
    private readonly HashSet<long> _published = [];
    private readonly List<long> _markOrder = [];
    private long _nextId = 1;

    public ManualResetEventSlim Gate { get; } = new(initialState: true);

    public OutboxMessage Enqueue(string topic, Func<long, byte[]> payload)
    {
        lock (_gate)
        {
            var id = _nextId++;
            var message = new OutboxMessage(id, topic, payload(id));
            _messages.Add(message);
            return message;
        }
    }

    public IReadOnlyList<OutboxMessage> Pending(int max)
    {
        if (!Gate.Wait(TimeSpan.FromSeconds(120)))
            throw new TimeoutException("test outbox gate stayed closed");
        lock (_gate)
        {
            var list = new List<OutboxMessage>();
            foreach (var m in _messages)
            {
                if (list.Count == max)
                    break;
                if (!_published.Contains(m.Id))
                    list.Add(m);
            }

            return list;
        }
    }

    public void MarkPublished(long id)
    {
        lock (_gate)
        {
            _markOrder.Add(id);
            _published.Add(id);
        }
    }

    public int PublishedCount
    {
        get
        {
            lock (_gate)
                return _published.Count;
        }
    }

    public long[] MarkOrder
    {
        get
        {
            lock (_gate)
                return [.. _markOrder];
        }
    }

    /// <summary>Waits (generous deadline) until <paramref name="count"/> distinct ids are marked.</summary>
    public async Task WaitPublishedAsync(int count, TimeSpan? deadline = null)
    {
        var end = DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(60));
        while (PublishedCount < count)
        {
            if (DateTime.UtcNow > end)
                throw new TimeoutException($"only {PublishedCount} of {count} outbox messages were marked published");
            await Task.Delay(20);
        }
    }
}
