namespace EdgeCtl.Service.Mqtt;

/// <summary>One durable message waiting in the <see cref="IOutbox"/>.</summary>
/// <param name="Id">Store-assigned id, unique and increasing in enqueue order (also the event's
/// <c>event_id</c>, so consumers can de-duplicate at-least-once deliveries).</param>
/// <param name="Topic">Topic relative to the root <c>edgectl/{instrument_id}/</c>, e.g. <c>event</c>; no wildcards.</param>
/// <param name="Payload">UTF-8 JSON payload (e.g. <see cref="MqttJson.Serialize(EventMessage)"/>).</param>
public sealed record OutboxMessage(long Id, string Topic, byte[] Payload);
