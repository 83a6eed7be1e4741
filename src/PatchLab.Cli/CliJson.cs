using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace PatchLab.Cli;

/// <summary>
/// The JSON the bench commands print, written by source-generated serializers: no reflection at run time, so a
/// natively compiled patchlab (<c>dotnet publish -p:PublishAot=true</c>) prints it too.
/// </summary>
[JsonSerializable(typeof(Dictionary<string, object>))]
[JsonSerializable(typeof(List<double>))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(List<UpdateCostRow>))]
internal sealed partial class CliJson : JsonSerializerContext
{
    private static readonly JsonSerializerOptions IndentedOptions = new() { WriteIndented = true };

    /// <summary>A JSON tree as indented text: trees need no reflection, so a native patchlab prints them too.</summary>
    public static string Indented(JsonNode node) => node.ToJsonString(IndentedOptions);

    /// <summary>An array of the items as JSON trees.</summary>
    public static JsonArray Array<T>(IEnumerable<T> items, Func<T, JsonNode?> node) => new([.. items.Select(node)]);
}

/// <summary>One row of <c>bench updates --json</c>.</summary>
internal sealed record UpdateCostRow(
    [property: JsonPropertyName("sites")] int Sites,
    [property: JsonPropertyName("writes")] ulong Writes,
    [property: JsonPropertyName("sync_rounds")] ulong SyncRounds,
    [property: JsonPropertyName("ns_per_update")] double NsPerUpdate);
