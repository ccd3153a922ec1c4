namespace EdgeCtl.Inference.Onnx;

/// <summary>An ONNX Runtime call returned an error status.</summary>
public sealed class OnnxRuntimeException : Exception
{
    /// <summary>Creates the exception; the message names the call, the model and ORT's own message.</summary>
    public OnnxRuntimeException(string call, string? modelPath, int errorCode, string ortMessage)
        : base($"ONNX Runtime {call} failed{(modelPath is null ? "" : $" for model '{modelPath}'")}: {CodeName(errorCode)}: {ortMessage}")
    {
        Call = call;
        ModelPath = modelPath;
        ErrorCode = errorCode;
        OrtMessage = ortMessage;
    }

    /// <summary>The C API function that failed (e.g. "CreateSession", "Run").</summary>
    public string Call { get; }

    /// <summary>The model file concerned, when there is one.</summary>
    public string? ModelPath { get; }

    /// <summary>ORT's <c>OrtErrorCode</c> (1 FAIL, 2 INVALID_ARGUMENT, 3 NO_SUCHFILE, 4 NO_MODEL, 7 INVALID_PROTOBUF, …).</summary>
    public int ErrorCode { get; }

    /// <summary>ORT's own message.</summary>
    public string OrtMessage { get; }

    private static string CodeName(int code) => code switch
    {
        1 => "FAIL",
        2 => "INVALID_ARGUMENT",
        3 => "NO_SUCHFILE",
        4 => "NO_MODEL",
        5 => "ENGINE_ERROR",
        6 => "RUNTIME_EXCEPTION",
        7 => "INVALID_PROTOBUF",
        8 => "MODEL_LOADED",
        9 => "NOT_IMPLEMENTED",
        10 => "INVALID_GRAPH",
        11 => "EP_FAIL",
        _ => $"error {code}",
    };
}
