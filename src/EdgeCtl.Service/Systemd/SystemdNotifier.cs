using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace EdgeCtl.Service.Systemd;

/// <summary>
/// The service-manager notification protocol of sd_notify(3): one datagram per call, of
/// newline-separated <c>KEY=VALUE</c> assignments, sent to the <c>AF_UNIX</c> datagram socket named by
/// <c>$NOTIFY_SOCKET</c> (a path, or an abstract name written with a leading <c>@</c>). Used with
/// <c>Type=notify</c> and <c>WatchdogSec=</c> in the unit (systemd.service(5)).
/// </summary>
/// <remarks>
/// Every method is a no-op returning false when <c>$NOTIFY_SOCKET</c> is unset (not started by
/// systemd). A failed send is returned as false, never thrown, as sd_notify's callers ignore errors.
/// Thread-safe.
/// </remarks>
public sealed class SystemdNotifier : IDisposable
{
    private readonly UnixDomainSocketEndPoint? _endPoint;
    private readonly Lock _gate = new();
    private Socket? _socket;
    private bool _disposed;

    /// <summary>Reads <c>$NOTIFY_SOCKET</c>, <c>$WATCHDOG_USEC</c> and <c>$WATCHDOG_PID</c> of this process.</summary>
    public SystemdNotifier()
        : this(
            Environment.GetEnvironmentVariable("NOTIFY_SOCKET"),
            Environment.GetEnvironmentVariable("WATCHDOG_USEC"),
            Environment.GetEnvironmentVariable("WATCHDOG_PID"))
    {
    }

    /// <summary>Creates a notifier from explicit values (as the environment variables would hold them).</summary>
    /// <param name="notifySocket">Socket path (<c>/run/systemd/notify</c>) or abstract name (<c>@name</c>);
    /// null, empty or neither form disables notifications.</param>
    /// <param name="watchdogUsec">Watchdog timeout in µs (decimal); null/invalid/0 means no watchdog.</param>
    /// <param name="watchdogPid">PID the watchdog is meant for; when set and not this process, no watchdog
    /// (sd_watchdog_enabled(3)).</param>
    public SystemdNotifier(string? notifySocket, string? watchdogUsec, string? watchdogPid = null)
    {
        if (!string.IsNullOrEmpty(notifySocket) && notifySocket[0] is '/' or '@')
        {
            // Abstract socket names are written '@name' and addressed as "\0name" (unix(7)).
            var address = notifySocket[0] == '@' ? "\0" + notifySocket[1..] : notifySocket;
            _endPoint = new UnixDomainSocketEndPoint(address);
        }

        var forUs = string.IsNullOrEmpty(watchdogPid)
            || (int.TryParse(watchdogPid, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid == Environment.ProcessId);
        if (forUs && ulong.TryParse(watchdogUsec, NumberStyles.None, CultureInfo.InvariantCulture, out var usec) && usec > 0)
        {
            // sd_watchdog_enabled(3): "send keep-alive notifications ... at half the timeout".
            WatchdogInterval = TimeSpan.FromMicroseconds(usec / 2.0);
        }
    }

    /// <summary>True when <c>$NOTIFY_SOCKET</c> named a socket.</summary>
    public bool IsEnabled => _endPoint is not null;

    /// <summary>How often to call <see cref="Watchdog"/>: half of <c>$WATCHDOG_USEC</c>; null when the
    /// service manager expects no watchdog pings.</summary>
    public TimeSpan? WatchdogInterval { get; }

    /// <summary><c>READY=1</c>: start-up finished (Type=notify).</summary>
    /// <returns>True when the datagram was sent.</returns>
    public bool Ready() => Notify("READY=1");

    /// <summary><c>WATCHDOG=1</c>: keep-alive ping; call every <see cref="WatchdogInterval"/>.</summary>
    public bool Watchdog() => Notify("WATCHDOG=1");

    /// <summary><c>STATUS=text</c>: one line shown by <c>systemctl status</c>; line breaks become spaces.</summary>
    public bool Status(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Notify("STATUS=" + text.ReplaceLineEndings(" "));
    }

    /// <summary><c>STOPPING=1</c>: shutdown has begun.</summary>
    public bool Stopping() => Notify("STOPPING=1");

    /// <summary>Sends raw assignments, e.g. <c>"READY=1\nSTATUS=idle"</c> (sd_notify(3)).</summary>
    /// <returns>False when disabled, disposed, or the send failed (socket missing, permission denied).</returns>
    public bool Notify(string state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (_endPoint is null)
            return false;
        var datagram = Encoding.UTF8.GetBytes(state);
        lock (_gate)
        {
            if (_disposed)
                return false;
            try
            {
                _socket ??= new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
                return _socket.SendTo(datagram, SocketFlags.None, _endPoint) == datagram.Length;
            }
            catch (SocketException)
            {
                _socket?.Dispose();
                _socket = null;
                return false;
            }
        }
    }

    /// <summary>Closes the socket; later calls return false.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _socket?.Dispose();
            _socket = null;
        }
    }
}
