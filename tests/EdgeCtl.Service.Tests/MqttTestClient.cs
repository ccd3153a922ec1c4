using Xunit;
using System.Threading.Channels;
using EdgeCtl.Service.Mqtt;

namespace EdgeCtl.Service.Tests;

/// <summary>
/// A second, independent MQTT client built on the binding under test (its own connection and
/// network thread), used to observe what the broker delivers and to send commands.
/// </summary>
public sealed class MqttTestClient : IDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly MosquittoClient _client;
    private readonly Channel<MosquittoMessage> _messages = Channel.CreateUnbounded<MosquittoMessage>();
    private readonly Channel<int> _connacks = Channel.CreateUnbounded<int>();
    private readonly Channel<(int Mid, int Code)> _subacks = Channel.CreateUnbounded<(int, int)>();
    private readonly Channel<(int Mid, int Reason)> _pubacks = Channel.CreateUnbounded<(int, int)>();

    public MqttTestClient(string? username, string? password, string? clientId = null)
    {
        _client = new MosquittoClient(clientId ?? "test-" + Guid.NewGuid().ToString("N")[..12]);
        if (username is not null)
            _client.SetCredentials(username, password);
        _client.Connected += rc => _connacks.Writer.TryWrite(rc);
        _client.Subscribed += (mid, code) => _subacks.Writer.TryWrite((mid, code));
        _client.Published += (mid, reason) => _pubacks.Writer.TryWrite((mid, reason));
        _client.MessageReceived += m => _messages.Writer.TryWrite(m);
    }

    public static MqttTestClient Monitor(MqttBroker broker) => new(broker.MonitorUsername, broker.MonitorPassword);

    /// <summary>What a subscriber arriving now sees first on <paramref name="topic"/>: a new monitor connects,
    /// subscribes and returns the first message (the retained one, if the broker holds one).</summary>
    public static async Task<MosquittoMessage> FirstSeenByNewSubscriberAsync(MqttBroker broker, string topic)
    {
        using var late = Monitor(broker);
        Xunit.Assert.Equal(0, await late.ConnectAsync(broker));
        await late.SubscribeAsync(topic);
        return await late.NextAsync();
    }

    public MosquittoClient Client => _client;

    /// <summary>Connects with a network thread and returns the CONNACK reason code.</summary>
    public async Task<int> ConnectAsync(MqttBroker broker)
    {
        _client.BeginConnect(broker.Host, broker.Port, 30);
        _client.StartLoop();
        using var cts = new CancellationTokenSource(Deadline);
        return await _connacks.Reader.ReadAsync(cts.Token);
    }

    /// <summary>Subscribes and waits for the SUBACK; returns the granted QoS.</summary>
    public async Task<int> SubscribeAsync(string filter, int qos = 1)
    {
        var mid = _client.Subscribe(filter, qos);
        using var cts = new CancellationTokenSource(Deadline);
        while (true)
        {
            var (m, code) = await _subacks.Reader.ReadAsync(cts.Token);
            if (m == mid)
                return code;
        }
    }

    /// <summary>Publishes QoS 1 and waits for the PUBACK; returns its MQTT 5 reason code.</summary>
    public async Task<int> PublishAsync(string topic, string payload, bool retain = false)
    {
        var mid = _client.Publish(topic, System.Text.Encoding.UTF8.GetBytes(payload), 1, retain);
        using var cts = new CancellationTokenSource(Deadline);
        while (true)
        {
            var (m, reason) = await _pubacks.Reader.ReadAsync(cts.Token);
            if (m == mid)
                return reason;
        }
    }

    /// <summary>The next message matching <paramref name="predicate"/> (others are skipped).</summary>
    public async Task<MosquittoMessage> NextAsync(Func<MosquittoMessage, bool>? predicate = null, TimeSpan? deadline = null)
    {
        using var cts = new CancellationTokenSource(deadline ?? Deadline);
        while (true)
        {
            var message = await _messages.Reader.ReadAsync(cts.Token);
            if (predicate is null || predicate(message))
                return message;
        }
    }

    /// <summary>Messages already received and not yet read.</summary>
    public List<MosquittoMessage> Drain()
    {
        var list = new List<MosquittoMessage>();
        while (_messages.Reader.TryRead(out var m))
            list.Add(m);
        return list;
    }

    public void Dispose()
    {
        _client.Dispose();
    }
}
