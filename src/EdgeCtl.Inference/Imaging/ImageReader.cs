namespace EdgeCtl.Inference.Imaging;

/// <summary>
/// Reads an overview image from disk into a <see cref="GrayImage"/>. The format is chosen from
/// the file's first bytes, not its extension: TIFF (II*\0 / MM\0*, via libtiff), NPY
/// (\x93NUMPY, own reader), anything else via stb_image (JPEG, PNG, BMP, GIF, PNM, ...).
/// Colour becomes luminance. NaN/infinite pixels are rejected. Native libraries: Debian
/// <c>libstb0</c> and <c>libtiff6</c>.
/// </summary>
public static class ImageReader
{
    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <returns>A new image the caller disposes; pixel size NaN unless the file carries one (TIFF, centimetre resolution unit).</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is empty, corrupt, truncated, of an unsupported layout, or holds NaN/infinite pixels; the message names the file.</exception>
    public static GrayImage Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Image file not found: '{path}'.", path);
        var info = new FileInfo(path);
        if (info.Length == 0) throw new InvalidDataException($"{path}: file is empty.");
        if (info.Length > int.MaxValue) throw new InvalidDataException($"{path}: file is {info.Length} bytes; expected under 2 GiB.");

        Span<byte> head = stackalloc byte[4];
        int n;
        using (var fs = File.OpenRead(path)) n = fs.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        GrayImage image;
        if (n == 4 && ((head[0] == 'I' && head[1] == 'I' && head[2] == 42 && head[3] == 0) ||
                       (head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 42)))
        {
            image = TiffDecoder.Read(path);
        }
        else
        {
            byte[] bytes = File.ReadAllBytes(path);
            image = NpyDecoder.IsNpy(bytes) ? NpyDecoder.Decode(bytes, path) : StbImageDecoder.Decode(bytes, path);
        }

        try
        {
            image.EnsureFinite(path);
        }
        catch
        {
            image.Dispose();
            throw;
        }
        return image;
    }
}
