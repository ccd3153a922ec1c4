namespace EdgeCtl.Service.Mqtt;

/// <summary>
/// The durable queue of messages waiting to be published, implemented by the campaign store
/// (SQLite): a message is committed to the store before it is published, and marked only once the
/// broker has acknowledged it (MQTT PUBACK), so a crash or broker outage loses nothing
/// (DESIGN.md "Data"). After enqueuing, the store calls <see cref="MqttPublisher.Notify"/>.
/// </summary>
/// <remarks>
/// Called only from the publisher's single drain task (never concurrently with itself), but
/// concurrently with the store's own writers: the implementation must be thread-safe against them.
/// </remarks>
public interface IOutbox
{
    /// <summary>
    /// The oldest unpublished messages in ascending <see cref="OutboxMessage.Id"/> order, at most
    /// <paramref name="max"/> (≥ 1). Includes messages already handed to the publisher but not yet
    /// marked; the publisher skips those itself.
    /// </summary>
    IReadOnlyList<OutboxMessage> Pending(int max);

    /// <summary>Records that the broker acknowledged message <paramref name="id"/>; idempotent.</summary>
    void MarkPublished(long id);
}
