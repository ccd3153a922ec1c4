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
/// theoretical Cliff–Lorimer factors, eqs 2–3 — for the elements named with <c>--elements</c>, each with
/// its detection significance (an element under 5σ is flagged as not detected).
/// </summary>
public static class QuantifyVerb
{
    /// <summary>The command.</summary>
    public static Command Create()
    {
        var file = new Argument<FileInfo>("SPECTRUM") { Description = "EDX spectrum: CSV (energy_keV,counts) or EMSA/MSA." };
        var elements = new Option<string>("--elements") { Description = "Comma-separated elements to quantify, e.g. Fe,Pt (C, O, Cu, Si are fitted as film/grid contributions unless named).", Required = true };
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
                report = parse.GetValue(elements)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (report.Length < 2)
                {
                    Console.Error.WriteLine($"edgectl quantify: --elements '{parse.GetValue(elements)}': name at least two elements, e.g. Fe,Pt.");
                    return 2;
                }
                EdxQuantification q;
                EdxDetection detection;
                try
                {
                    var quantifier = new EdxQuantifier(new EdxQuantifierOptions
                    {
                        ReportedElements = report,
                        NuisanceElements = [.. new[] { "C", "O", "Cu", "Si" }.Where(e => !report.Contains(e))],
                        BeamEnergyKeV = beamKeV,
                    });
                    q = quantifier.Quantify(spectrum);
                    detection = quantifier.DetectElements(spectrum, report);
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
                {
                    double z = detection.Significance.TryGetValue(e.Element, out var v) ? v : 0;
                    Console.Out.WriteLine(string.Create(inv, $"  {e.Element,-3} {e.AtomicFraction,7:F4} ± {e.Sigma:F4}   ({e.Line}, {e.NetCounts:F0} net counts, {z:F0}σ{(z < 5 ? ", NOT detected" : "")})"));
                }
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
