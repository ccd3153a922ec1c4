using System.Numerics;

namespace EdgeCtl.Realtime;

/// <summary>
/// xoshiro256** pseudo-random generator (Blackman &amp; Vigna 2018), seeded through SplitMix64 so
/// that any 64-bit seed gives a well-mixed state. Deterministic across platforms and .NET versions
/// (unlike <see cref="System.Random"/> with a seed), which keeps a seeded specimen (the HIL rig) and a seeded
/// campaign's decisions (the policy) identical everywhere. Not thread-safe: each owner keeps its own instance.
/// </summary>
public sealed class Xoshiro256
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Creates a generator from <paramref name="seed"/> and a <paramref name="stream"/>
    /// label, so independent streams (layout, target, noise) derive from one user seed.</summary>
    public Xoshiro256(long seed, ulong stream = 0)
    {
        ulong x = unchecked((ulong)seed) ^ (stream * 0xD1B54A32D192ED03UL);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform double in (0, 1]: safe as the argument of a logarithm.</summary>
    public double NextDoubleNonZero() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));
}
