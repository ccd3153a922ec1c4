using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace EdgeCtl.Drivers.Tests.Support;

/// <summary>
/// A scripted PI GCS stage on the master side of a <see cref="Pty"/>, answering per
/// docs/wire-protocol.md §1: limits [0, 300] µm, velocity 10 µm/s, a move that reports "moving"
/// for <see cref="MovingPolls"/> <c>#5</c> polls. Knobs make it stall, answer wrongly or stay silent.
/// Every command received is logged in order.
/// </summary>
internal sealed class ScriptedGcsDevice : IDisposable
{
    private readonly Pty _pty;
    private readonly Thread _thread;
    private readonly Lock _lock = new();
    private volatile bool _stop;
    private bool _servo;
    private int _error;
    private double _x, _y, _tx, _ty;
    private int _pollsLeft;

    public ScriptedGcsDevice(Pty pty)
    {
        _pty = pty;
        _thread = new Thread(Run) { IsBackground = true, Name = "scripted GCS device" };
        _thread.Start();
    }

    /// <summary>Every command in arrival order; single bytes as "#5" / "#24".</summary>
    public ConcurrentQueue<string> Log { get; } = new();

    /// <summary>#5 polls answered "moving" after each MOV.</summary>
    public int MovingPolls { get; set; } = 3;

    /// <summary>When true, a MOV never completes (like the rig's stage-stall fault).</summary>
    public bool Stall { get; set; }

    /// <summary>Added to the reported position after a move (a stage that misses its target).</summary>
    public double PositionErrorUm { get; set; }

    /// <summary>Commands that get no answer at all.</summary>
    public ConcurrentDictionary<string, bool> Silent { get; } = new();

    /// <summary>Wall milliseconds to wait before answering a command (a slow device).</summary>
    public ConcurrentDictionary<string, int> DelayMs { get; } = new();

    /// <summary>Commands whose answer has been written to the line, in order.</summary>
    public ConcurrentQueue<string> Answered { get; } = new();

    /// <summary>Fixed raw answers (including LFs) that replace the emulated one.</summary>
    public ConcurrentDictionary<string, string> Overrides { get; } = new();

    private void Run()
    {
        var line = new StringBuilder();
        while (!_stop)
        {
            var bytes = _pty.ReadMaster(50);
            foreach (var b in bytes)
            {
                if (b == 0x05) Handle("#5");
                else if (b == 0x18) Handle("#24");
                else if (b == (byte)'\n')
                {
                    Handle(line.ToString());
                    line.Clear();
                }
                else line.Append((char)b);
            }
        }
    }

    private void Handle(string command)
    {
        Log.Enqueue(command);
        if (Silent.ContainsKey(command)) return;
        string? answer;
        if (Overrides.TryGetValue(command, out var fixedAnswer)) answer = fixedAnswer;
        else lock (_lock) answer = Emulate(command);
        if (answer is null) return;
        if (DelayMs.TryGetValue(command, out var delay)) Thread.Sleep(delay);
        _pty.WriteMaster(answer);
        Answered.Enqueue(command);
    }

    private static string F(double v) => v.ToString("F6", CultureInfo.InvariantCulture);

    private string? Emulate(string command)
    {
        var parts = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        switch (parts.Length > 0 ? parts[0] : "")
        {
            case "*IDN?": return "Scripted PI E-727 emulation, SN 0042, FW 1.0\n";
            case "SVO": _servo = true; return null;
            case "SVO?": return $"1={(_servo ? 1 : 0)} \n2={(_servo ? 1 : 0)}\n";
            case "TMN?": return "1=0.000000 \n2=0.000000\n";
            case "TMX?": return "1=300.000000 \n2=300.000000\n";
            case "VEL?": return "1=10.000000 \n2=10.000000\n";
            case "POS?": return $"1={F(_x)} \n2={F(_y)}\n";
            case "ERR?":
                var e = _error;
                _error = 0;
                return $"{e}\n";
            case "MOV":
                if (!_servo) { _error = 5; return null; }
                _tx = double.Parse(parts[2], CultureInfo.InvariantCulture);
                _ty = double.Parse(parts[4], CultureInfo.InvariantCulture);
                _pollsLeft = MovingPolls;
                return null;
            case "#5":
                if (Stall || _pollsLeft > 0)
                {
                    _pollsLeft--;
                    _x = (_x + _tx) / 2; // somewhere on the way
                    _y = (_y + _ty) / 2;
                    return "3\n";
                }
                _x = _tx + PositionErrorUm;
                _y = _ty;
                return "0\n";
            case "#24":
            case "HLT":
                Stall = false;
                _pollsLeft = 0;
                _tx = _x;
                _ty = _y;
                _error = 10;
                return null;
            default:
                _error = 2;
                return null;
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }
}
