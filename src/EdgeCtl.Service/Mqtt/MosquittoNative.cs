using System.Runtime.InteropServices;

namespace EdgeCtl.Service.Mqtt;

/// <summary>
/// Raw libmosquitto 2.0 entry points (<c>mosquitto.h</c>, libmosquitto1 2.0.11 on Debian 12).
/// Source-generated P/Invoke; the library name <c>"mosquitto"</c> is resolved to
/// <c>libmosquitto.so.1</c> by <see cref="MosquittoLibrary"/>. Only <see cref="MosquittoClient"/>,
/// <see cref="MosquittoHandle"/> and <see cref="MosquittoLibrary"/> call these.
/// </summary>
/// <remarks>
/// C <c>bool</c> is one byte (<see cref="UnmanagedType.U1"/>). Every <c>int</c> result is a
/// <c>MOSQ_ERR_*</c> code (<see cref="MosquittoError"/>). Callbacks are plain C function pointers
/// taking <c>(struct mosquitto *, void *userdata, ...)</c>.
/// </remarks>
internal static unsafe partial class MosquittoNative
{
    /// <summary>Library name seen by the import resolver.</summary>
    internal const string Lib = "mosquitto";

    /// <summary><c>MOSQ_OPT_PROTOCOL_VERSION</c> (enum mosq_opt_t).</summary>
    internal const int OptProtocolVersion = 1;

    /// <summary><c>MQTT_PROTOCOL_V5</c>.</summary>
    internal const int ProtocolV5 = 5;

    /// <summary>The part of <c>struct mosquitto_message</c> read in on_message (x86_64 and aarch64 layout).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Message
    {
        public int Mid;
        public byte* Topic;
        public byte* Payload;
        public int PayloadLength;
        public int Qos;
        public byte Retain;
    }

    [LibraryImport(Lib)]
    internal static partial int mosquitto_lib_init();

    [LibraryImport(Lib)]
    internal static partial int mosquitto_lib_cleanup();

    [LibraryImport(Lib)]
    internal static partial int mosquitto_lib_version(out int major, out int minor, out int revision);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint mosquitto_new(string? id, [MarshalAs(UnmanagedType.U1)] bool cleanSession, nint userdata);

    [LibraryImport(Lib)]
    internal static partial void mosquitto_destroy(nint mosq);

    [LibraryImport(Lib)]
    internal static partial nint mosquitto_strerror(int mosqErrno);

    [LibraryImport(Lib)]
    internal static partial nint mosquitto_reason_string(int reasonCode);

    [LibraryImport(Lib)]
    internal static partial int mosquitto_int_option(MosquittoHandle mosq, int option, int value);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int mosquitto_username_pw_set(MosquittoHandle mosq, string? username, string? password);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int mosquitto_will_set(
        MosquittoHandle mosq, string topic, int payloadLength, byte* payload, int qos, [MarshalAs(UnmanagedType.U1)] bool retain);

    [LibraryImport(Lib)]
    internal static partial int mosquitto_reconnect_delay_set(
        MosquittoHandle mosq, uint reconnectDelay, uint reconnectDelayMax, [MarshalAs(UnmanagedType.U1)] bool exponentialBackoff);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int mosquitto_connect(MosquittoHandle mosq, string host, int port, int keepalive);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int mosquitto_connect_async(MosquittoHandle mosq, string host, int port, int keepalive);

    [LibraryImport(Lib)]
    internal static partial int mosquitto_disconnect(MosquittoHandle mosq);

    [LibraryImport(Lib)]
    internal static partial int mosquitto_loop_start(MosquittoHandle mosq);

    [LibraryImport(Lib)]
    internal static partial int mosquitto_loop_stop(MosquittoHandle mosq, [MarshalAs(UnmanagedType.U1)] bool force);

    [LibraryImport(Lib)]
    internal static partial int mosquitto_loop(MosquittoHandle mosq, int timeoutMs, int maxPackets);

    [LibraryImport(Lib)]
    internal static partial int mosquitto_socket(MosquittoHandle mosq);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int mosquitto_publish(
        MosquittoHandle mosq, out int mid, string topic, int payloadLength, byte* payload, int qos, [MarshalAs(UnmanagedType.U1)] bool retain);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int mosquitto_subscribe(MosquittoHandle mosq, out int mid, string pattern, int qos);

    [LibraryImport(Lib)]
    internal static partial void mosquitto_connect_callback_set(
        MosquittoHandle mosq, delegate* unmanaged[Cdecl]<nint, nint, int, void> callback);

    [LibraryImport(Lib)]
    internal static partial void mosquitto_disconnect_callback_set(
        MosquittoHandle mosq, delegate* unmanaged[Cdecl]<nint, nint, int, void> callback);

    /// <summary>on_publish_v5: <c>(mosq, obj, int mid, int reason_code, const mosquitto_property *props)</c>.</summary>
    [LibraryImport(Lib)]
    internal static partial void mosquitto_publish_v5_callback_set(
        MosquittoHandle mosq, delegate* unmanaged[Cdecl]<nint, nint, int, int, nint, void> callback);

    [LibraryImport(Lib)]
    internal static partial void mosquitto_message_callback_set(
        MosquittoHandle mosq, delegate* unmanaged[Cdecl]<nint, nint, Message*, void> callback);

    /// <summary>on_subscribe: <c>(mosq, obj, int mid, int qos_count, const int *granted_qos)</c>.</summary>
    [LibraryImport(Lib)]
    internal static partial void mosquitto_subscribe_callback_set(
        MosquittoHandle mosq, delegate* unmanaged[Cdecl]<nint, nint, int, int, int*, void> callback);
}
