namespace EdgeCtl.Hil.Cli;

/// <summary>A command-line or configuration error; the message names the argument and what was expected.
/// The rig prints it to stderr and exits with code 2.</summary>
public sealed class RigUsageException(string message) : Exception(message);
