using System.Text.Json.Serialization;

namespace EdgeCtl.Service.Mqtt;

/// <summary>The campaign/service state carried in <c>status</c> (JSON: lower-case name).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CampaignState>))]
public enum CampaignState
{
    /// <summary>Service up, campaign not yet running (also the first status after connecting).</summary>
    [JsonStringEnumMemberName("starting")] Starting,

    /// <summary>The loop is acquiring and deciding.</summary>
    [JsonStringEnumMemberName("running")] Running,

    /// <summary>Held by a <c>pause</c> command; resumes on <c>resume</c>.</summary>
    [JsonStringEnumMemberName("paused")] Paused,

    /// <summary>An <c>abort</c> is being carried out (beam blanked, stage stopped).</summary>
    [JsonStringEnumMemberName("aborting")] Aborting,

    /// <summary>The campaign finished its planned iterations.</summary>
    [JsonStringEnumMemberName("completed")] Completed,

    /// <summary>The campaign stopped on an error (see <c>last_error</c>).</summary>
    [JsonStringEnumMemberName("failed")] Failed,

    /// <summary>The service is not connected: the Last Will, or the final status of a clean stop.</summary>
    [JsonStringEnumMemberName("offline")] Offline,
}
