using System.Globalization;

namespace EdgeCtl.Hil.Tests.Support;

/// <summary>Parsing helpers for GCS answers ("1=v \n2=v\n").</summary>
public static class Gcs
{
    public static Dictionary<int, double> ParseAxes(string answer)
    {
        var result = new Dictionary<int, double>();
        foreach (var raw in answer.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = raw.Trim().Split('=');
            if (kv.Length != 2) throw new FormatException($"not an axis answer: '{answer}'");
            result[int.Parse(kv[0], CultureInfo.InvariantCulture)] = double.Parse(kv[1], CultureInfo.InvariantCulture);
        }
        return result;
    }

    /// <summary>Polls ONT? until both axes are on target; returns the number of polls (throws after <paramref name="maxPolls"/>).</summary>
    public static int WaitOnTarget(Func<string, string> query, int maxPolls = 100_000)
    {
        for (int i = 1; i <= maxPolls; i++)
        {
            var ont = ParseAxes(query("ONT? 1 2"));
            if (ont[1] == 1 && ont[2] == 1) return i;
        }
        throw new TimeoutException($"stage not on target after {maxPolls} ONT? polls");
    }
}

/// <summary>A particle listed by the rig's PARTICLES IN control command.</summary>
public sealed record TruthParticle(double XUm, double YUm, double RadiusNm, double[] Composition)
{
    public static List<TruthParticle> ParseList(string answer, int elements)
    {
        if (!answer.StartsWith("OK ", StringComparison.Ordinal)) throw new InvalidOperationException(answer);
        var groups = answer[3..].Split(" ; ");
        int n = int.Parse(groups[0], CultureInfo.InvariantCulture);
        var list = new List<TruthParticle>();
        foreach (var g in groups.Skip(1))
        {
            var v = g.Split(' ').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            if (v.Length != 3 + elements) throw new FormatException($"particle entry '{g}' has {v.Length} numbers");
            list.Add(new TruthParticle(v[0], v[1], v[2], v[3..]));
        }
        if (list.Count != n) throw new FormatException($"PARTICLES IN announced {n}, listed {list.Count}");
        return list;
    }
}
