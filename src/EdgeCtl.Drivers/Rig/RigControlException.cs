namespace EdgeCtl.Drivers;

/// <summary>The rig control port answered <c>ERR &lt;text&gt;</c> (wire-protocol.md §4).</summary>
public sealed class RigControlException : DeviceException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="device">Device name.</param>
    /// <param name="command">The command that was refused.</param>
    /// <param name="text">The rig's error text.</param>
    public RigControlException(string device, string command, string text)
        : base(device, $"'{command}' refused: {text}")
    {
        Command = command;
        Text = text;
    }

    /// <summary>The command that was refused.</summary>
    public string Command { get; }

    /// <summary>The rig's error text.</summary>
    public string Text { get; }
}
