namespace EdgeCtl.Inference.Spectroscopy;

/// <summary>An element of <see cref="XRayLineTable"/>: atomic data and its subshells with lines.</summary>
public sealed class XRayElement
{
    private readonly XRaySubshellLines?[] _bySubshell;

    internal XRayElement(string symbol, int z, double atomicMass, XRaySubshellLines[] subshells)
    {
        Symbol = symbol;
        Z = z;
        AtomicMass = atomicMass;
        Subshells = subshells;
        _bySubshell = new XRaySubshellLines?[9];
        foreach (var s in subshells) _bySubshell[(int)s.Subshell] = s;
    }

    /// <summary>Chemical symbol, e.g. "Fe".</summary>
    public string Symbol { get; }
    /// <summary>Atomic number Z.</summary>
    public int Z { get; }
    /// <summary>Standard atomic mass, u.</summary>
    public double AtomicMass { get; }
    /// <summary>Subshells that have tabulated lines, in K, L1..L3, M1..M5 order.</summary>
    public IReadOnlyList<XRaySubshellLines> Subshells { get; }

    /// <summary>The subshell's data, or null when the table has no line from it.</summary>
    public XRaySubshellLines? this[XRaySubshell subshell] => _bySubshell[(int)subshell];

    /// <summary>The main subshell (K, L3, M5) of <paramref name="family"/>, or null when not tabulated.</summary>
    public XRaySubshellLines? Family(XRayFamily family) => this[family.MainSubshell()];

    /// <inheritdoc />
    public override string ToString() => $"{Symbol} (Z={Z})";
}
