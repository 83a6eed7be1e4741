using System.CommandLine;
using System.Text.Json.Nodes;
using PatchLab.Machine.Litmus;

namespace PatchLab.Cli;

internal static partial class Commands
{
    /// <summary>`patchlab litmus PATH… [--verdicts FILE]`: instruction-fetch litmus tests run on the machine.</summary>
    public static Command Litmus()
    {
        var paths = new Argument<string[]>("PATH") { Description = "Litmus files (herd7 AArch64 format), or folders searched for *.litmus.", Arity = ArgumentArity.OneOrMore };
        var verdicts = new Option<string?>("--verdicts") { Description = "Expected verdicts (the format of shared/litmus/verdicts.tsv) to judge the outcomes against." };
        var runs = new Option<int>("--runs") { Description = "Executions per test.", DefaultValueFactory = _ => 200 };
        var seed = new Option<int>("--seed") { Description = "Seed of the first execution; execution k uses seed + k.", DefaultValueFactory = _ => 1 };
        var json = JsonOption();
        var command = new Command("litmus", "Run instruction-fetch litmus tests on the machine and count in how many executions each condition holds.\n" +
            "Example: patchlab litmus ../shared/litmus/herdtools7/catalogue/aarch64-ifetch --verdicts ../shared/litmus/verdicts.tsv")
        {
            paths, verdicts, runs, seed, json,
        };
        command.SetAction(parsed =>
        {
            var table = parsed.GetValue(verdicts) is { } v
                ? File.Exists(v) ? LitmusVerdicts.Load(v) : throw new UserInputException($"{v}: no such file")
                : null;
            var options = new LitmusRunOptions { Runs = Math.Max(parsed.GetValue(runs), 1), Seed = parsed.GetValue(seed) };
            var files = new List<string>();
            foreach (var path in parsed.GetRequiredValue(paths))
            {
                if (Directory.Exists(path)) files.AddRange(Directory.EnumerateFiles(path, "*.litmus", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
                else if (File.Exists(path)) files.Add(path);
                else throw new UserInputException($"{path}: no such file or folder");
            }
            var rows = new List<JsonObject>();
            var output = parsed.InvocationConfiguration.Output;
            var asJson = parsed.GetValue(json);
            var disagreements = 0;
            foreach (var file in files)
            {
                JsonObject row;
                try
                {
                    var test = LitmusTest.Parse(File.ReadAllText(file), file);
                    var result = LitmusRunner.Run(test, LitmusRunner.CacheTypeFor(file), options);
                    var expectation = table?.For(file);
                    var agreement = LitmusVerdicts.Judge(result, expectation);
                    if (agreement == LitmusAgreement.Disagrees) disagreements++;
                    row = new()
                    {
                        ["test"] = test.Name, ["file"] = file, ["idc"] = result.CacheType.Idc, ["dic"] = result.CacheType.Dic,
                        ["condition"] = test.Condition.Text, ["expected"] = expectation?.ToString(), ["runs"] = result.Runs,
                        ["finished"] = result.Finished, ["held"] = result.Held, ["cmodx_violations"] = result.CmodxViolations,
                        ["agreement"] = agreement.ToString(),
                        ["outcomes"] = new JsonObject(result.Outcomes.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)o.Value))),
                    };
                    if (!asJson)
                        output.WriteLine($"{agreement,-12} {test.Name} [IDC={(result.CacheType.Idc ? 1 : 0)} DIC={(result.CacheType.Dic ? 1 : 0)}]: " +
                            $"{test.Condition.Text} held in {result.Held}/{result.Finished} (expected {expectation?.ToString() ?? "?"})");
                }
                catch (UserInputException e)
                {
                    row = new() { ["file"] = file, ["agreement"] = "Unsupported", ["reason"] = e.Message };
                    if (!asJson) output.WriteLine($"{"Unsupported",-12} {e.Message}");
                }
                rows.Add(row);
            }
            var counts = rows.GroupBy(r => (string)r["agreement"]!).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
            if (asJson)
                output.WriteLine(new JsonObject
                {
                    ["seed"] = options.Seed,
                    ["runs"] = options.Runs,
                    ["summary"] = new JsonObject(counts.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)c.Value))),
                    ["tests"] = new JsonArray([.. rows]),
                }.ToJsonString());
            else
                output.WriteLine($"{files.Count} tests, {options.Runs} executions each from seed {options.Seed}: " +
                    string.Join(", ", counts.Select(c => $"{c.Value} {c.Key}")));
            return disagreements == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }
}
