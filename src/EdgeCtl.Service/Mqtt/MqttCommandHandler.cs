using System.Threading.Channels;

namespace EdgeCtl.Service.Mqtt;

/// <summary>
/// Turns messages received on <c>{root}cmd/#</c> into <see cref="CampaignCommand"/>s on a bounded,
/// thread-safe channel, or into an <see cref="AlarmMessage"/> naming the problem
/// (<see cref="CampaignCommandParser"/>). Called on libmosquitto's network thread; never blocks.
/// </summary>
public sealed class MqttCommandHandler
{
    /// <summary>Commands buffered for the campaign runner before new ones are refused.</summary>
    public const int Capacity = 64;

    private readonly string _topicRoot;
    private readonly TimeProvider _time;
    private readonly Channel<CampaignCommand> _channel = Channel.CreateBounded<CampaignCommand>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = false, SingleWriter = true });

    /// <summary>Creates a handler for commands under <paramref name="topicRoot"/> (<c>edgectl/{id}/</c>).</summary>
    public MqttCommandHandler(string topicRoot, TimeProvider time)
    {
        _topicRoot = topicRoot ?? throw new ArgumentNullException(nameof(topicRoot));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>Validated commands in arrival order; read by the campaign runner.</summary>
    public ChannelReader<CampaignCommand> Reader => _channel.Reader;

    /// <summary>Validates <paramref name="message"/> and queues the command.</summary>
    /// <param name="message">A message whose topic is under <c>{root}cmd/</c>.</param>
    /// <param name="alarm">Set when the message was refused: malformed, unknown, or the queue is full.</param>
    /// <returns>The accepted command, or null when refused.</returns>
    public CampaignCommand? Handle(MosquittoMessage message, out AlarmMessage? alarm)
    {
        var now = _time.GetUtcNow();
        if (!CampaignCommandParser.TryParse(_topicRoot, message, now, out var command, out var error))
        {
            alarm = new AlarmMessage("warning", "command_rejected", error!, null, now);
            return null;
        }

        if (!_channel.Writer.TryWrite(command!))
        {
            alarm = new AlarmMessage(
                "error", "command_queue_full",
                $"{Capacity} commands are waiting for the campaign runner; '{message.Topic}' was dropped.",
                command!.CampaignId, now);
            return null;
        }

        alarm = null;
        return command;
    }

    /// <summary>Completes the channel: readers drain what is queued, then finish.</summary>
    public void Complete() => _channel.Writer.TryComplete();
}
