using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeCtl.Inference.Spectroscopy;
using EdgeCtl.Realtime;

namespace EdgeCtl.Service.Cli;

/// <summary>
/// <c>edgectl quantify SPECTRUM</c>: EDX quantification of a CSV (<c>energy_keV,counts</c>) or
/// EMSA/MSA file — NNLS fit of background and line families with refined offset and gain,
/// theoretical Cliff–Lorimer factors, eqs 2–3. Without <c>--elements</c>, the elements are those
/// detected (≥ 5σ) among common ones, carbon (support film) excepted.
/// </summary>
public static class QuantifyVerb
{
    private static readonly string[] Candidates =
        "C N O Na Mg Al Si P S Cl K Ca Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Sr Y Zr Nb Mo Ru Rh Pd Ag Cd In Sn Sb Te Ba La Ce Hf Ta W Re Ir Pt Au Pb".Split(' ');

    /// <summary>The command.</summary>
    public static Command Create()
    {
        var file = new Argument<FileInfo>("SPECTRUM") { Description = "EDX spectrum: CSV (energy_keV,counts) or EMSA/MSA." };
        var elements = new Option<string?>("--elements") { Description = "Comma-separated elements to report, e.g. Fe,Pt; default: the detected ones." };
        var beam = new Option<double>("--beam-kev") { Description = "Beam energy, keV.", DefaultValueFactory = _ => 200 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var cmd = new Command("quantify", "EDX quantification of a spectrum file: composition ± σ (eqs 2–3).") { file, elements, beam, json };
        cmd.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            Spectrum spectrum;
            try
            {
                spectrum = SpectrumReader.Read(path.FullName, SpectrumKind.Edx);
            }
            catch (Exception e) when (e is IOException or FormatException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
            {
                Console.Error.WriteLine($"edgectl quantify: {e.Message}");
                return 2;
            }
            using (spectrum)
            {
                double beamKeV = parse.GetValue(beam);
                string[] report;
                EdxDetection? detection = null;
                if (parse.GetValue(elements) is { } list)
                {
                    report = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                }
                else
                {
                    var detector = new EdxQuantifier(new EdxQuantifierOptions { ReportedElements = ["Si"], NuisanceElements = [], BeamEnergyKeV = beamKeV });
                    detection = detector.DetectElements(spectrum, Candidates);
                    report = [.. detection.Detected.Where(e => e != "C")];
                    if (report.Length < 2)
                    {
                        Console.Error.WriteLine($"edgectl quantify: {path.Name}: fewer than two elements detected ({string.Join(", ", detection.Detected)}); name them with --elements.");
                        return 1;
                    }
                }
                EdxQuantification q;
                try
                {
                    q = new EdxQuantifier(new EdxQuantifierOptions
                    {
                        ReportedElements = report,
                        NuisanceElements = [.. new[] { "C", "O", "Cu", "Si" }.Where(e => !report.Contains(e))],
                        BeamEnergyKeV = beamKeV,
                    }).Quantify(spectrum);
                }
                catch (ArgumentException e)
                {
                    Console.Error.WriteLine($"edgectl quantify: {e.Message}");
                    return 2;
                }
                if (parse.GetValue(json))
                {
                    var output = new QuantifyOutput(path.Name, [.. q.Elements.Select(e => new QuantifiedElement(e.Element, e.Line, e.AtomicFraction, e.Sigma, e.NetCounts))],
                        q.LargestUncertaintyElement, q.SigmaTotal, q.EnergyOffsetKeV * 1000, q.Gain, q.ReducedChiSquare, [.. q.NuisanceFound]);
                    Console.Out.WriteLine(JsonSerializer.Serialize(output, QuantifyJsonContext.Default.QuantifyOutput));
                    return 0;
                }
                var inv = CultureInfo.InvariantCulture;
                Console.Out.WriteLine($"{path.Name}: {spectrum.Channels} channels, {spectrum.Offset.ToString("F4", inv)} keV + {spectrum.Scale.ToString("F5", inv)} keV/ch");
                foreach (var e in q.Elements)
                    Console.Out.WriteLine(string.Create(inv, $"  {e.Element,-3} {e.AtomicFraction,7:F4} ± {e.Sigma:F4}   ({e.Line}, {e.NetCounts:F0} net counts)"));
                Console.Out.WriteLine(string.Create(inv, $"  σ_tot {q.SigmaTotal:F4} (eqs 2–3, k = {q.LargestUncertaintyElement}); offset {q.EnergyOffsetKeV * 1000:+0.0;-0.0} eV, gain {q.Gain:F4}, χ²/ν {q.ReducedChiSquare:F2}"));
                if (q.NuisanceFound.Count > 0) Console.Out.WriteLine($"  also present (not reported): {string.Join(", ", q.NuisanceFound)}");
                return 0;
            }
        });
        return cmd;
    }
}

/// <summary>JSON of <c>edgectl quantify --json</c>.</summary>
public sealed record QuantifyOutput(string File, QuantifiedElement[] Elements, string LargestUncertaintyElement, double SigmaTotal,
    double EnergyOffsetEv, double Gain, double ReducedChiSquare, string[] NuisanceFound);

/// <summary>One element of <see cref="QuantifyOutput"/>.</summary>
public sealed record QuantifiedElement(string Element, string Line, double AtomicFraction, double Sigma, double NetCounts);

/// <summary>Source-generated JSON for <c>quantify</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(QuantifyOutput))]
public sealed partial class QuantifyJsonContext : JsonSerializerContext;
