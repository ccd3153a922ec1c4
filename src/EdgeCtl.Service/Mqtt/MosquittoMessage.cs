namespace EdgeCtl.Service.Mqtt;

/// <summary>
/// A received PUBLISH, copied out of libmosquitto's <c>struct mosquitto_message</c> (which is only
/// valid during the on_message callback).
/// </summary>
/// <param name="Topic">The topic name (UTF-8 decoded), e.g. <c>edgectl/stem-1/cmd/pause</c>.</param>
/// <param name="Payload">The application payload bytes (may be empty).</param>
/// <param name="Qos">Delivery QoS 0, 1 or 2 (MQTT 3.1.1 §4.3).</param>
/// <param name="Retain">True when delivered from the broker's retained store (§3.3.1.3).</param>
public sealed record MosquittoMessage(string Topic, byte[] Payload, int Qos, bool Retain);
