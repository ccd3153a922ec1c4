using Xunit;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace EdgeCtl.Service.Tests;

/// <summary>Writes log lines to the xunit test output (shown for failing tests).</summary>
public sealed class MqttTestLogger<T>(ITestOutputHelper output) : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
        }
        catch (InvalidOperationException)
        {
            // Output helper used after the test ended (background thread): ignore.
        }
    }
}
