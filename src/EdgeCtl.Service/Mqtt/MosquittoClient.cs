using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace EdgeCtl.Service.Mqtt;

/// <summary>
/// One MQTT 5 client connection through libmosquitto (mosquitto.h, 2.0): a safe, thin wrapper over
/// <c>mosquitto_new</c> … <c>mosquitto_destroy</c>. Errors become <see cref="MosquittoException"/>
/// with the <c>mosquitto_strerror</c> text.
/// </summary>
/// <remarks>
/// <para>Threading: after <see cref="StartLoop"/> libmosquitto runs its own network thread and every
/// event below is raised on it. Handlers must be quick and must not block on the client; an
/// exception thrown by a handler never reaches C: it is caught and reported through
/// <see cref="CallbackFailed"/>. The public methods are safe to call from any thread
/// (libmosquitto locks internally).</para>
/// <para>Protocol: MQTT 5 (<c>MOSQ_OPT_PROTOCOL_VERSION</c>) so that PUBACK carries a reason code
/// (MQTT 5.0 §3.4.2.1): a publish the broker's ACL denies is acknowledged with 0x87
/// "Not authorized" instead of being silently dropped as in 3.1.1.</para>
/// <para>Handler registration: attach handlers before <see cref="BeginConnect"/> or
/// <see cref="Connect"/>; they are read without locks on the network thread.</para>
/// </remarks>
public sealed unsafe class MosquittoClient : IDisposable
{
    private readonly MosquittoHandle _handle;
    private GCHandle _self;
    private bool _loopRunning;
    private int _disposed;

    /// <summary>Creates a client (<c>mosquitto_new</c>) speaking MQTT 5.</summary>
    /// <param name="clientId">Client identifier (MQTT 3.1.1 §3.1.3.1), 1–23 characters recommended;
    /// null lets the broker assign one (requires <paramref name="cleanSession"/>).</param>
    /// <param name="cleanSession">Clean start: no session state survives a disconnect.</param>
    /// <exception cref="DllNotFoundException">libmosquitto1 is not installed.</exception>
    /// <exception cref="MosquittoException">mosquitto_new failed (out of memory or invalid arguments).</exception>
    public MosquittoClient(string? clientId, bool cleanSession = true)
    {
        MosquittoLibrary.Acquire();
        _self = GCHandle.Alloc(this, GCHandleType.Normal);
        var mosq = MosquittoNative.mosquitto_new(clientId, cleanSession, GCHandle.ToIntPtr(_self));
        if (mosq == 0)
        {
            _self.Free();
            MosquittoLibrary.Release();
            var errno = Marshal.GetLastSystemError();
            throw new MosquittoException(errno == 22 ? MosquittoError.Inval : MosquittoError.NoMem, "mosquitto_new");
        }

        _handle = new MosquittoHandle(mosq);
        MosquittoException.ThrowIfError(
            MosquittoNative.mosquitto_int_option(_handle, MosquittoNative.OptProtocolVersion, MosquittoNative.ProtocolV5),
            "mosquitto_int_option(MOSQ_OPT_PROTOCOL_VERSION)");
        MosquittoNative.mosquitto_connect_callback_set(_handle, &OnConnect);
        MosquittoNative.mosquitto_disconnect_callback_set(_handle, &OnDisconnect);
        MosquittoNative.mosquitto_publish_v5_callback_set(_handle, &OnPublish);
        MosquittoNative.mosquitto_message_callback_set(_handle, &OnMessage);
        MosquittoNative.mosquitto_subscribe_callback_set(_handle, &OnSubscribe);
    }

    /// <summary>CONNACK received. Argument: MQTT 5 reason code (0 = accepted; 0x86 bad user name or
    /// password, 0x87 not authorized: MQTT 5.0 §3.2.2.2).</summary>
    public event Action<int>? Connected;

    /// <summary>The connection ended. Argument: 0 when <see cref="Disconnect"/> asked for it, any
    /// other value for an unexpected loss (the network thread then reconnects by itself).</summary>
    public event Action<int>? Disconnected;

    /// <summary>A QoS 1 publish completed (PUBACK) or a QoS 0 publish was written to the socket.
    /// Arguments: the message id returned by <see cref="Publish"/>, and the MQTT 5 PUBACK reason
    /// code (0 success, 0x10 no matching subscribers — both delivered; ≥ 0x80 refused, e.g. 0x87
    /// not authorized).</summary>
    public event Action<int, int>? Published;

    /// <summary>A PUBLISH arrived on a subscription.</summary>
    public event Action<MosquittoMessage>? MessageReceived;

    /// <summary>SUBACK received. Arguments: the message id returned by <see cref="Subscribe"/>, the
    /// granted QoS (0–2) or a failure code ≥ 0x80 (MQTT 5.0 §3.9.3).</summary>
    public event Action<int, int>? Subscribed;

    /// <summary>A handler above threw on the network thread; the exception was contained here.</summary>
    public event Action<Exception>? CallbackFailed;

    /// <summary>The socket file descriptor (<c>mosquitto_socket</c>), -1 when not connected.</summary>
    public int Socket => MosquittoNative.mosquitto_socket(_handle);

    /// <summary>Sets the user name and password sent in CONNECT (<c>mosquitto_username_pw_set</c>).</summary>
    /// <exception cref="MosquittoException">Invalid UTF-8 or out of memory.</exception>
    public void SetCredentials(string? username, string? password) =>
        MosquittoException.ThrowIfError(
            MosquittoNative.mosquitto_username_pw_set(_handle, username, password), "mosquitto_username_pw_set");

    /// <summary>Sets the Last Will (<c>mosquitto_will_set</c>, MQTT 3.1.1 §3.1.2.5): the broker publishes
    /// it when the connection ends without a DISCONNECT packet. Must be called before connecting.</summary>
    /// <param name="topic">Will topic (no wildcards).</param>
    /// <param name="payload">Will payload, at most 268,435,455 bytes.</param>
    /// <param name="qos">0, 1 or 2.</param>
    /// <param name="retain">Publish the Will as retained.</param>
    /// <exception cref="MosquittoException">Invalid topic, QoS or payload size.</exception>
    public void SetWill(string topic, ReadOnlySpan<byte> payload, int qos, bool retain)
    {
        fixed (byte* p = payload)
        {
            MosquittoException.ThrowIfError(
                MosquittoNative.mosquitto_will_set(_handle, topic, payload.Length, p, qos, retain), "mosquitto_will_set");
        }
    }

    /// <summary>Reconnect pacing of the network thread (<c>mosquitto_reconnect_delay_set</c>): first
    /// retry after <paramref name="delay"/>, doubling (when <paramref name="exponential"/>) up to
    /// <paramref name="maxDelay"/>. Whole seconds, at least 1 s.</summary>
    /// <exception cref="MosquittoException">Invalid arguments.</exception>
    public void SetReconnectDelay(TimeSpan delay, TimeSpan maxDelay, bool exponential)
    {
        var d = (uint)Math.Max(1, Math.Ceiling(delay.TotalSeconds));
        var max = (uint)Math.Max(d, Math.Ceiling(maxDelay.TotalSeconds));
        MosquittoException.ThrowIfError(
            MosquittoNative.mosquitto_reconnect_delay_set(_handle, d, max, exponential), "mosquitto_reconnect_delay_set");
    }

    /// <summary>Starts a non-blocking connect (<c>mosquitto_connect_async</c>). When the broker is
    /// unreachable the network thread started by <see cref="StartLoop"/> keeps retrying, so a
    /// transient failure is returned rather than thrown.</summary>
    /// <param name="host">Broker host name or address.</param>
    /// <param name="port">TCP port 1–65535.</param>
    /// <param name="keepAliveSeconds">MQTT keep alive (§3.1.2.10), 5–65535 s.</param>
    /// <returns><see cref="MosquittoError.Success"/>, or <see cref="MosquittoError.Errno"/> /
    /// <see cref="MosquittoError.Eai"/> when the first attempt failed (retried by the loop).</returns>
    /// <exception cref="MosquittoException">Invalid arguments or out of memory.</exception>
    public MosquittoError BeginConnect(string host, int port, int keepAliveSeconds)
    {
        var rc = (MosquittoError)MosquittoNative.mosquitto_connect_async(_handle, host, port, keepAliveSeconds);
        if (rc is MosquittoError.Success or MosquittoError.Errno or MosquittoError.Eai or MosquittoError.Lookup)
            return rc;
        throw new MosquittoException(rc, "mosquitto_connect_async");
    }

    /// <summary>Blocking connect (<c>mosquitto_connect</c>): TCP connect and CONNECT sent; the CONNACK is
    /// processed by a later <see cref="Loop"/> or by the network thread.</summary>
    /// <exception cref="MosquittoException">The TCP connection failed or the arguments are invalid.</exception>
    public void Connect(string host, int port, int keepAliveSeconds) =>
        MosquittoException.ThrowIfError(
            MosquittoNative.mosquitto_connect(_handle, host, port, keepAliveSeconds), "mosquitto_connect");

    /// <summary>Starts libmosquitto's network thread (<c>mosquitto_loop_start</c>), which also reconnects.</summary>
    /// <exception cref="MosquittoException">Already started, or threads unsupported.</exception>
    public void StartLoop()
    {
        MosquittoException.ThrowIfError(MosquittoNative.mosquitto_loop_start(_handle), "mosquitto_loop_start");
        _loopRunning = true;
    }

    /// <summary>Joins libmosquitto's network thread (<c>mosquitto_loop_stop</c>, not forced). The thread
    /// ends only after <see cref="Disconnect"/> or a fatal error, so call Disconnect first.</summary>
    public void StopLoop()
    {
        if (!_loopRunning)
            return;
        MosquittoNative.mosquitto_loop_stop(_handle, false);
        _loopRunning = false;
    }

    /// <summary>Runs one iteration of the network loop on the calling thread (<c>mosquitto_loop</c>);
    /// for clients without <see cref="StartLoop"/>.</summary>
    /// <param name="timeoutMs">Longest wait in select(2), ms.</param>
    /// <returns>Success, or the connection error (NoConn, ConnLost, …).</returns>
    public MosquittoError Loop(int timeoutMs) =>
        (MosquittoError)MosquittoNative.mosquitto_loop(_handle, timeoutMs, 1);

    /// <summary>Sends DISCONNECT (<c>mosquitto_disconnect</c>): a clean close, so the broker discards the
    /// Will. Also stops the network thread's reconnect attempts.</summary>
    /// <returns>Success, or <see cref="MosquittoError.NoConn"/> when not connected.</returns>
    public MosquittoError Disconnect()
    {
        var rc = (MosquittoError)MosquittoNative.mosquitto_disconnect(_handle);
        if (rc is MosquittoError.Success or MosquittoError.NoConn)
            return rc;
        throw new MosquittoException(rc, "mosquitto_disconnect");
    }

    /// <summary>Queues a PUBLISH (<c>mosquitto_publish</c>).</summary>
    /// <param name="topic">Topic name, no wildcards, valid UTF-8.</param>
    /// <param name="payload">Payload bytes (copied by libmosquitto).</param>
    /// <param name="qos">0, 1 or 2.</param>
    /// <param name="retain">Ask the broker to retain it as the topic's last known good value.</param>
    /// <param name="mid">The message id later passed to <see cref="Published"/>.</param>
    /// <returns>Success; or <see cref="MosquittoError.NoConn"/>: not connected — a QoS ≥ 1 message is
    /// still queued by libmosquitto and sent after reconnect, a QoS 0 message is dropped.</returns>
    /// <exception cref="MosquittoException">Invalid topic/QoS, payload too large, out of memory.</exception>
    public MosquittoError TryPublish(string topic, ReadOnlySpan<byte> payload, int qos, bool retain, out int mid)
    {
        int rc;
        fixed (byte* p = payload)
        {
            rc = MosquittoNative.mosquitto_publish(_handle, out mid, topic, payload.Length, p, qos, retain);
        }

        if (rc is 0 or (int)MosquittoError.NoConn)
            return (MosquittoError)rc;
        throw new MosquittoException((MosquittoError)rc, "mosquitto_publish");
    }

    /// <summary>Queues a PUBLISH and returns its message id.</summary>
    /// <exception cref="MosquittoException">Any failure, including NoConn.</exception>
    public int Publish(string topic, ReadOnlySpan<byte> payload, int qos, bool retain)
    {
        var rc = TryPublish(topic, payload, qos, retain, out var mid);
        MosquittoException.ThrowIfError((int)rc, "mosquitto_publish");
        return mid;
    }

    /// <summary>Sends SUBSCRIBE for one topic filter (<c>mosquitto_subscribe</c>).</summary>
    /// <param name="pattern">Topic filter, may contain <c>+</c> and <c>#</c> (MQTT 3.1.1 §4.7).</param>
    /// <param name="qos">Maximum QoS 0–2.</param>
    /// <returns>The message id later passed to <see cref="Subscribed"/>.</returns>
    /// <exception cref="MosquittoException">Not connected, invalid filter.</exception>
    public int Subscribe(string pattern, int qos)
    {
        MosquittoException.ThrowIfError(
            MosquittoNative.mosquitto_subscribe(_handle, out var mid, pattern, qos), "mosquitto_subscribe");
        return mid;
    }

    /// <summary>
    /// Stops the network thread and destroys the client. When a network thread runs it can only be
    /// stopped after <c>mosquitto_disconnect</c>, so Dispose sends DISCONNECT if still connected (the
    /// Will is then discarded; call <see cref="Disconnect"/> first to make that explicit). A client
    /// driven by <see cref="Loop"/> is destroyed without DISCONNECT, so the broker publishes its Will.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        if (_loopRunning)
        {
            MosquittoNative.mosquitto_disconnect(_handle);
            MosquittoNative.mosquitto_loop_stop(_handle, false);
            _loopRunning = false;
        }

        _handle.Dispose();
        if (_self.IsAllocated)
            _self.Free();
    }

    private static MosquittoClient? From(nint userdata) =>
        userdata == 0 ? null : GCHandle.FromIntPtr(userdata).Target as MosquittoClient;

    private void Fail(Exception ex)
    {
        try
        {
            CallbackFailed?.Invoke(ex);
        }
        catch
        {
            // Nothing may cross into C; a failing failure handler has nowhere else to go.
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnConnect(nint mosq, nint userdata, int rc)
    {
        var client = From(userdata);
        try
        {
            client?.Connected?.Invoke(rc);
        }
        catch (Exception ex)
        {
            client?.Fail(ex);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnDisconnect(nint mosq, nint userdata, int rc)
    {
        var client = From(userdata);
        try
        {
            client?.Disconnected?.Invoke(rc);
        }
        catch (Exception ex)
        {
            client?.Fail(ex);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnPublish(nint mosq, nint userdata, int mid, int reasonCode, nint properties)
    {
        var client = From(userdata);
        try
        {
            client?.Published?.Invoke(mid, reasonCode);
        }
        catch (Exception ex)
        {
            client?.Fail(ex);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnMessage(nint mosq, nint userdata, MosquittoNative.Message* message)
    {
        var client = From(userdata);
        try
        {
            if (client?.MessageReceived is not { } handler || message == null)
                return;
            var topic = message->Topic == null
                ? string.Empty
                : Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(message->Topic));
            var payload = message->PayloadLength > 0 && message->Payload != null
                ? new ReadOnlySpan<byte>(message->Payload, message->PayloadLength).ToArray()
                : [];
            handler(new MosquittoMessage(topic, payload, message->Qos, message->Retain != 0));
        }
        catch (Exception ex)
        {
            client?.Fail(ex);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnSubscribe(nint mosq, nint userdata, int mid, int qosCount, int* grantedQos)
    {
        var client = From(userdata);
        try
        {
            client?.Subscribed?.Invoke(mid, qosCount > 0 && grantedQos != null ? grantedQos[0] : 0x80);
        }
        catch (Exception ex)
        {
            client?.Fail(ex);
        }
    }
}
