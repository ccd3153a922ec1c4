using System.Text.Json.Serialization;

namespace EdgeCtl.Service.Mqtt;

/// <summary>
/// JSON body of a <c>{root}cmd/{name}</c> message; every field is optional and unknown fields are
/// rejected. An empty payload means <c>{}</c>.
/// </summary>
/// <param name="CampaignId">When set, the command applies only if it names the running campaign.</param>
/// <param name="Reason">Operator's reason, logged and stored; at most 500 characters.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CommandPayload(string? CampaignId = null, string? Reason = null);
