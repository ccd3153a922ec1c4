using EdgeCtl.Inference.Spectroscopy;
using EdgeCtl.Realtime;
using EdgeCtl.Tests;
using Xunit;

namespace EdgeCtl.Inference.Tests;

public sealed class SpectroscopyReaderTests
{
    private static string Temp(string name, string text)
    {
        var dir = Path.Combine(Path.GetTempPath(), "edgectl-spectro-tests-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Csv_reader_loads_the_FePt_and_EELS_files_with_their_calibration()
    {
        using var s = SpectrumReader.Read(SharedData.File("edx-eels-hyperspy-debian", "converted", "eds_tem_FePt_nanoparticles.csv"));
        Assert.Equal(SpectrumKind.Edx, s.Kind);
        Assert.Equal(992, s.Channels);
        Assert.Equal(0.169315, s.Offset, 6);
        Assert.Equal(0.020028, s.Scale, 6);
        Assert.Equal(1149, s.Counts[0]);
        Assert.Equal(205795.0, s.Counts.ToArray().Sum());
        using var e = SpectrumReader.Read(SharedData.File("srtio3-eels-edx-pytemlib", "converted", "eels_SrTiO3_coreloss.csv"));
        Assert.Equal(SpectrumKind.Eels, e.Kind);
        Assert.Equal(350.0, e.Offset, 6);
        Assert.Equal(0.25, e.Scale, 6);
    }

    [Fact]
    public void Csv_reader_rejects_corrupt_files_naming_the_input()
    {
        var nan = Temp("nan.csv", "energy_keV,counts\n0.0,1\n0.01,NaN\n0.02,3\n");
        var ex = Assert.Throws<SpectrumFormatException>(() => SpectrumReader.Read(nan));
        Assert.Contains("nan.csv", ex.Message);
        Assert.Equal(3, ex.Line);
        var nonLinear = Temp("nonlinear.csv", "energy_keV,counts\n0.0,1\n0.01,2\n0.05,3\n");
        Assert.Contains("not linear", Assert.Throws<SpectrumFormatException>(() => SpectrumReader.Read(nonLinear)).Message);
        var empty = Temp("empty.csv", "energy_keV,counts\n");
        Assert.Contains("at least two", Assert.Throws<SpectrumFormatException>(() => SpectrumReader.Read(empty)).Message);
        var header = Temp("header.csv", "x,y\n0,1\n1,2\n");
        Assert.Throws<SpectrumFormatException>(() => SpectrumReader.Read(header));
        var negative = Temp("neg.csv", "energy_keV,counts\n0.0,1\n0.01,-2\n");
        Assert.Throws<SpectrumFormatException>(() => SpectrumReader.Read(negative));
        var ev = Temp("ev.csv", "energy_eV,counts\n100,1\n110,2\n120,3\n");
        using var s = SpectrumReader.Read(ev);
        Assert.Equal(0.1, s.Offset, 12);
        Assert.Equal(0.01, s.Scale, 12);
    }

    [Fact]
    public void Msa_reader_reads_Y_and_XY_data_and_converts_eV_to_keV_for_EDX()
    {
        var y = Temp("y.msa", """
            #FORMAT      : EMSA/MAS Spectral Data File
            #VERSION     : 1.0
            #TITLE       : test
            #NPOINTS     : 5.
            #NCOLUMNS    : 3.
            #XUNITS      : eV
            #YUNITS      : counts
            #DATATYPE    : Y
            #XPERCHAN    : 10.0
            #OFFSET      : -200.0
            #SIGNALTYPE  : EDS
            #LIVETIME  -s: 12.5
            #SPECTRUM    : Spectral Data Starts Here
            1, 2, 3,
            4, 5
            #ENDOFDATA   :
            """);
        using var s = SpectrumReader.Read(y);
        Assert.Equal(SpectrumKind.Edx, s.Kind);
        Assert.Equal(5, s.Channels);
        Assert.Equal(-0.2, s.Offset, 12);
        Assert.Equal(0.01, s.Scale, 12);
        Assert.Equal(12.5, s.LiveSeconds);
        Assert.Equal([1, 2, 3, 4, 5], s.Counts.ToArray());

        var xy = Temp("xy.msa", "#FORMAT : EMSA/MAS Spectral Data File\n#NPOINTS : 3\n#XUNITS : eV\n#DATATYPE : XY\n#SIGNALTYPE : ELS\n#SPECTRUM :\n500.0, 10\n500.5, 11\n501.0, 12\n#ENDOFDATA :\n");
        using var e = SpectrumReader.Read(xy);
        Assert.Equal(SpectrumKind.Eels, e.Kind);
        Assert.Equal(500.0, e.Offset, 12);
        Assert.Equal(0.5, e.Scale, 12);
        Assert.Equal(12, e.Counts[2]);
    }

    [Fact]
    public void Msa_reader_rejects_corrupt_files()
    {
        const string head = "#FORMAT : EMSA/MAS Spectral Data File\n#NPOINTS : 3\n#XUNITS : keV\n#XPERCHAN : 0.01\n#OFFSET : 0\n#SPECTRUM :\n";
        var truncated = Temp("trunc.msa", head + "1, 2, 3\n");
        Assert.Contains("ENDOFDATA", Assert.Throws<SpectrumFormatException>(() => SpectrumReader.Read(truncated)).Message);
        var count = Temp("count.msa", head + "1, 2\n#ENDOFDATA :\n");
        Assert.Contains("#NPOINTS", Assert.Throws<SpectrumFormatException>(() => SpectrumReader.Read(count)).Message);
        var bad = Temp("bad.msa", head + "1, x, 3\n#ENDOFDATA :\n");
        var ex = Assert.Throws<SpectrumFormatException>(() => SpectrumReader.Read(bad));
        Assert.Equal(7, ex.Line);
        Assert.Contains("bad.msa", ex.Message);
        var noCal = Temp("nocal.msa", "#NPOINTS : 1\n#SPECTRUM :\n1\n#ENDOFDATA :\n");
        Assert.Contains("#OFFSET is missing", Assert.Throws<SpectrumFormatException>(() => SpectrumReader.Read(noCal)).Message);
    }

    [Fact]
    public void Line_table_lookups_and_unknown_elements()
    {
        var t = XRayLineTable.Default;
        Assert.Equal(4, t.Elements[0].Z);
        Assert.Equal(92, t.Elements[^1].Z);
        var feK = t.Family("Fe", XRayFamily.K)!;
        Assert.Equal(7.112, feK.EdgeKeV, 3);
        Assert.Equal("Ka1", feK.StrongestLine.Name);
        Assert.Equal(6.4052, feK.StrongestLine.EnergyKeV, 4);
        Assert.Equal(1.0, feK.Lines.Sum(l => l.Share), 12);
        Assert.Equal(9.442, t["Pt"].Family(XRayFamily.L)!.StrongestLine.EnergyKeV, 3);
        Assert.Equal(2.0475, t["Pt"].Family(XRayFamily.M)!.StrongestLine.EnergyKeV, 4);
        Assert.Equal("O", t.ByZ(8).Symbol);
        Assert.Contains("'Xx'", Assert.Throws<ArgumentException>(() => t["Xx"]).Message);
        Assert.Throws<ArgumentException>(() => new EdxQuantifier(new EdxQuantifierOptions { ReportedElements = ["Au", "Qq"] }));
        Assert.Throws<InvalidDataException>(() => XRayLineTable.Parse(new StringReader("element,z\nFe,26\n"), "bad-table"));
    }

    [Fact]
    public void Quantifier_rejects_bad_spectra()
    {
        var q = new EdxQuantifier(new EdxQuantifierOptions { ReportedElements = ["Au", "Co", "Ni"] });
        using var nan = new Spectrum(SpectrumKind.Edx, 2048, 0, 0.01);
        nan.Counts[100] = double.NaN;
        Assert.Contains("counts[100]", Assert.Throws<ArgumentException>(() => q.Quantify(nan)).Message);
        using var eels = new Spectrum(SpectrumKind.Eels, 2048, 400, 0.5);
        Assert.Throws<ArgumentException>(() => q.Quantify(eels));
        using var tiny = new Spectrum(SpectrumKind.Edx, 10, 0, 0.01);
        Assert.Throws<ArgumentException>(() => q.Quantify(tiny));
        using var empty = new Spectrum(SpectrumKind.Edx, 2048, 0, 0.01);
        Assert.Throws<InvalidOperationException>(() => q.Quantify(empty));
    }
}
