using System.Runtime.InteropServices;

namespace EdgeCtl.Service.Mqtt;

/// <summary>
/// Owns a <c>struct mosquitto *</c> from <c>mosquitto_new</c>; releasing it calls
/// <c>mosquitto_destroy</c> (which closes the socket without a DISCONNECT packet) and drops the
/// library reference taken by <see cref="MosquittoClient"/>.
/// </summary>
internal sealed class MosquittoHandle : SafeHandle
{
    /// <summary>Required by the P/Invoke marshaller; never used to create a live handle.</summary>
    public MosquittoHandle()
        : base(0, ownsHandle: true)
    {
    }

    /// <summary>Wraps a non-null pointer returned by <c>mosquitto_new</c>.</summary>
    internal MosquittoHandle(nint mosq)
        : base(0, ownsHandle: true) => SetHandle(mosq);

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        MosquittoNative.mosquitto_destroy(handle);
        MosquittoLibrary.Release();
        return true;
    }
}
