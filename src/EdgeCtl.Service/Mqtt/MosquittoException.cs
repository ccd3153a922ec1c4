using System.Runtime.InteropServices;

namespace EdgeCtl.Service.Mqtt;

/// <summary>
/// A libmosquitto call failed. <see cref="Exception.Message"/> names the call and carries the
/// text of <c>mosquitto_strerror</c> (or <c>mosquitto_reason_string</c> for MQTT 5 reason codes).
/// </summary>
public sealed class MosquittoException : Exception
{
    /// <summary>Creates the exception for <paramref name="error"/> returned by <paramref name="call"/>.</summary>
    public MosquittoException(MosquittoError error, string call)
        : base($"{call} failed: {Describe((int)error)} (MOSQ_ERR {(int)error})")
    {
        Error = error;
        Call = call;
    }

    /// <summary>The libmosquitto result code.</summary>
    public MosquittoError Error { get; }

    /// <summary>The libmosquitto function that failed, e.g. <c>mosquitto_publish</c>.</summary>
    public string Call { get; }

    /// <summary>Throws when <paramref name="rc"/> is not <c>MOSQ_ERR_SUCCESS</c>.</summary>
    /// <exception cref="MosquittoException">rc != 0.</exception>
    internal static void ThrowIfError(int rc, string call)
    {
        if (rc != 0)
            throw new MosquittoException((MosquittoError)rc, call);
    }

    /// <summary>The <c>mosquitto_strerror</c> text for a <c>MOSQ_ERR_*</c> code.</summary>
    public static string Describe(int mosqError) =>
        Marshal.PtrToStringUTF8(MosquittoNative.mosquitto_strerror(mosqError)) ?? $"error {mosqError}";

    /// <summary>The <c>mosquitto_reason_string</c> text for an MQTT 5 reason code (MQTT 5.0 §2.4).</summary>
    public static string DescribeReason(int reasonCode) =>
        Marshal.PtrToStringUTF8(MosquittoNative.mosquitto_reason_string(reasonCode)) ?? $"reason code {reasonCode}";
}
