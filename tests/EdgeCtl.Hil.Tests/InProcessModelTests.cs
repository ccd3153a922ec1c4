using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using EdgeCtl.Hil.Cli;
using EdgeCtl.Hil.Physics;
using EdgeCtl.Hil.Specimens.Replay;
using EdgeCtl.Tests;
using Xunit;

namespace EdgeCtl.Hil.Tests;

/// <summary>In-process checks of the rig's models where a process boundary adds nothing.</summary>
public sealed class InProcessModelTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edgectl-hil-npy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Npy(string header, int dataBytes, byte[]? magic = null)
    {
        string padded = header;
        while ((10 + padded.Length + 1) % 64 != 0) padded += ' ';
        padded += '\n';
        var bytes = new byte[10 + padded.Length + dataBytes];
        (magic ?? [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y']).CopyTo(bytes, 0);
        bytes[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)padded.Length);
        Encoding.ASCII.GetBytes(padded).CopyTo(bytes, 10);
        return bytes;
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void NpyReaderReadsAWellFormedArray()
    {
        var bytes = Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 24);
        for (int i = 0; i < 6; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(bytes.Length - 24 + 4 * i), i * 1.5f);
        Assert.Equal([0f, 1.5f, 3f, 4.5f, 6f, 7.5f], NpyArray.ReadFloat32(Write("ok.npy", bytes), 2, 3));
    }

    [Theory]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", 48, "dtype is '<f8'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 3), }", 36, "shape is (3, 3), expected (2, 3)")]
    [InlineData("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", 24, "fortran_order")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 20, "ends before the 6 elements")]
    [InlineData("{'descr': '<f4', 'fortran_order': False}", 24, "no 'shape' entry")]
    public void NpyReaderNamesTheFileAndTheProblem(string header, int dataBytes, string problem)
    {
        string path = Write("bad.npy", Npy(header, dataBytes));
        var e = Assert.Throws<RigUsageException>(() => NpyArray.ReadFloat32(path, 2, 3));
        Assert.Contains(path, e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void NpyReaderRejectsNonNpyAndReadsGzip()
    {
        string bad = Write("bad.npy", Npy("{}", 0, magic: "NOTNPY"u8.ToArray()));
        Assert.Contains("magic", Assert.Throws<RigUsageException>(() => NpyArray.ReadFloat32(bad, 1)).Message);

        var bytes = Npy("{'descr': '<u2', 'fortran_order': False, 'shape': (1, 2, 2), }", 8);
        for (int i = 0; i < 4; i++) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(bytes.Length - 8 + 2 * i), (ushort)(100 + i));
        string gz = Path.Combine(_dir, "si.npy.gz");
        using (var file = File.Create(gz))
        using (var z = new GZipStream(file, CompressionLevel.Fastest)) z.Write(bytes);
        Assert.Equal([(ushort)100, 101, 102, 103], NpyArray.ReadUInt16Gzip(gz, 1, 2, 2));
    }

    [Fact]
    public void EdxCalibrationGives3000CharacteristicCountsPerSecondForTheReferenceParticle()
    {
        var model = new EdxSpectrumModel(XrayLineTable.Load(SharedData.Dir));
        double counts = 0;
        foreach (string el in new[] { "Au", "Co", "Ni" })
            counts += model.BuildCharacteristicTemplate(model.Table.Get(el)).Sum() * EdxSpectrumModel.ReferenceThicknessNm / 3;
        Assert.Equal(3000, counts, 0.5); // channel integration loses only the Gaussian tails beyond ±6σ
    }

    [Theory]
    [InlineData("Co", 6.9309)]
    [InlineData("Ni", 7.4803)]
    [InlineData("Au", 9.713)]
    [InlineData("Cu", 8.0463)]
    public void EdxTemplatesPeakAtTheMainLineOfTheirFamily(string element, double lineKeV)
    {
        var model = new EdxSpectrumModel(XrayLineTable.Load(SharedData.Dir));
        var template = model.BuildCharacteristicTemplate(model.Table.Get(element));
        int lo = (int)Math.Round((lineKeV - 0.3) / 0.01), hi = (int)Math.Round((lineKeV + 0.3) / 0.01);
        int peak = lo;
        for (int i = lo; i <= hi; i++) if (template[i] > template[peak]) peak = i;
        Assert.InRange(peak * 0.01, lineKeV - 0.02, lineKeV + 0.02);
    }

    [Fact]
    public void LineTableRejectsElementsEdxCannotSee()
    {
        var table = XrayLineTable.Load(SharedData.Dir);
        Assert.Contains("no X-ray family", Assert.Throws<RigUsageException>(() => table.Get("Li")).Message);
        Assert.Contains("not in the X-ray line table", Assert.Throws<RigUsageException>(() => table.Get("H")).Message);
        Assert.Equal(["K", "L", "M"], table.Get("Au").Families.Select(f => f.Family).ToArray());
    }
}
