namespace EdgeCtl.Inference.Imaging;

/// <summary>
/// Decodes JPEG, PNG, BMP, GIF (first frame), PNM and the other formats of stb_image into a
/// <see cref="GrayImage"/>. Colour is converted to luminance by stb (Y = (77 R + 150 G + 29 B) / 256,
/// ITU-R BT.601 weights); R = G = B greyscale stays exact. 16-bit PNG/PNM keep 16-bit values.
/// </summary>
internal static unsafe class StbImageDecoder
{
    /// <summary>Decodes <paramref name="data"/>; <paramref name="source"/> names the input in errors.</summary>
    /// <exception cref="InvalidDataException">stb cannot decode the bytes (reason included) or the size is out of range.</exception>
    public static GrayImage Decode(ReadOnlySpan<byte> data, string source)
    {
        fixed (byte* p = data)
        {
            if (StbImageNative.stbi_is_16_bit_from_memory(p, data.Length) != 0)
            {
                ushort* px16 = StbImageNative.stbi_load_16_from_memory(p, data.Length, out int w, out int h, out _, 1);
                if (px16 == null) throw Fail(source);
                try
                {
                    var image = Allocate(w, h, source);
                    var dst = image.Pixels;
                    for (int i = 0; i < dst.Length; i++) dst[i] = px16[i];
                    return image;
                }
                finally { StbImageNative.stbi_image_free(px16); }
            }

            byte* px = StbImageNative.stbi_load_from_memory(p, data.Length, out int w8, out int h8, out _, 1);
            if (px == null) throw Fail(source);
            try
            {
                var image = Allocate(w8, h8, source);
                var dst = image.Pixels;
                for (int i = 0; i < dst.Length; i++) dst[i] = px[i];
                return image;
            }
            finally { StbImageNative.stbi_image_free(px); }
        }
    }

    private static GrayImage Allocate(int w, int h, string source)
    {
        if (w < 1 || h < 1 || w > GrayImage.MaxSide || h > GrayImage.MaxSide)
            throw new InvalidDataException($"{source}: image is {w}×{h} px; expected 1..{GrayImage.MaxSide} px per side.");
        return new GrayImage(w, h);
    }

    private static InvalidDataException Fail(string source) =>
        new($"{source}: cannot decode image ({StbImageNative.FailureReason()}); the file is corrupt, truncated or not a supported format.");
}
