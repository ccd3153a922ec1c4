namespace EdgeCtl.Hil.Faults;

/// <summary>
/// The faults armed through the control port (docs/wire-protocol.md §4, "Faults"). Each persists
/// until <see cref="Clear"/> unless it has a count. Thread-safe: the control port arms, the scan
/// engine and the stage consume.
/// </summary>
public sealed class FaultBoard
{
    private readonly Lock _gate = new();
    private int _closeMidImage;
    private long _corruptBytes;
    private long _dropBytes;
    private int _delayMs;
    private bool _stageStall;

    /// <summary>Wall milliseconds by which every scan-engine reply is delayed (0 = none).</summary>
    public int DelayMs
    {
        get
        {
            lock (_gate) return _delayMs;
        }
    }

    /// <summary>Whether every MOV stalls short of its target (<c>stage-stall</c>).</summary>
    public bool StageStall
    {
        get
        {
            lock (_gate) return _stageStall;
        }
    }

    /// <summary><c>tcp-close-mid-image [count]</c>: the next <paramref name="count"/> images are cut off.</summary>
    public void ArmCloseMidImage(int count)
    {
        lock (_gate) _closeMidImage = count;
    }

    /// <summary>Consumes one armed <c>tcp-close-mid-image</c>; true when this image must be cut off.</summary>
    public bool TryTakeCloseMidImage()
    {
        lock (_gate)
        {
            if (_closeMidImage <= 0) return false;
            _closeMidImage--;
            return true;
        }
    }

    /// <summary><c>corrupt-bytes n</c>: flip every bit of the next n bytes the scan engine sends.</summary>
    public void ArmCorruptBytes(long n)
    {
        lock (_gate) _corruptBytes = n;
    }

    /// <summary><c>drop-bytes n</c>: silently drop the next n bytes the scan engine would send.</summary>
    public void ArmDropBytes(long n)
    {
        lock (_gate) _dropBytes = n;
    }

    /// <summary><c>delay-ms ms</c>.</summary>
    public void ArmDelay(int ms)
    {
        lock (_gate) _delayMs = ms;
    }

    /// <summary><c>stage-stall</c>.</summary>
    public void ArmStageStall()
    {
        lock (_gate) _stageStall = true;
    }

    /// <summary>How many of the next <paramref name="available"/> outgoing bytes to drop (consumed).</summary>
    public int TakeDropBytes(int available) => Take(ref _dropBytes, available);

    /// <summary>How many of the next <paramref name="available"/> outgoing bytes to corrupt (consumed).</summary>
    public int TakeCorruptBytes(int available) => Take(ref _corruptBytes, available);

    /// <summary><c>FAULT CLEAR</c>: disarms every fault.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _closeMidImage = 0;
            _corruptBytes = 0;
            _dropBytes = 0;
            _delayMs = 0;
            _stageStall = false;
        }
    }

    private int Take(ref long budget, int available)
    {
        lock (_gate)
        {
            int n = (int)Math.Min(budget, available);
            budget -= n;
            return n;
        }
    }
}
