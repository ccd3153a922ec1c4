using Microsoft.Extensions.Options;

namespace EdgeCtl.Service.Mqtt;

/// <summary>Options validation for <see cref="MqttOptions"/> (register with
/// <c>services.AddSingleton&lt;IValidateOptions&lt;MqttOptions&gt;, MqttOptionsValidator&gt;()</c> and
/// <c>ValidateOnStart()</c>); every failure names its configuration key.</summary>
public sealed class MqttOptionsValidator : IValidateOptions<MqttOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, MqttOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
