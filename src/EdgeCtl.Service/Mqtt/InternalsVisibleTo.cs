using System.Runtime.CompilerServices;

// The MQTT tests reach MqttPublisher.Client to cut its TCP connection without DISCONNECT
// (a real network loss, to make the broker publish the Last Will).
[assembly: InternalsVisibleTo("EdgeCtl.Service.Tests")]
