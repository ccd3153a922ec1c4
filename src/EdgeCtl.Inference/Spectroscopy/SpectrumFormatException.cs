namespace EdgeCtl.Inference.Spectroscopy;

/// <summary>
/// A spectrum file (CSV or EMSA/MSA) is malformed. The message names the input and, where known, the line.
/// </summary>
public sealed class SpectrumFormatException : FormatException
{
    /// <summary>Creates the exception; <paramref name="line"/> is 1-based, 0 when not line-specific.</summary>
    public SpectrumFormatException(string source, int line, string message, Exception? inner = null)
        : base(line > 0 ? $"{source}: line {line}: {message}" : $"{source}: {message}", inner)
    {
        SourceName = source;
        Line = line;
    }

    /// <summary>File path or other name of the input.</summary>
    public string SourceName { get; }
    /// <summary>1-based line number of the offending line; 0 when the error concerns the whole input.</summary>
    public int Line { get; }
}
