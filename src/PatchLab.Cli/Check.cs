using System.CommandLine;
using System.Text.Json.Nodes;
using PatchLab.Analysis;
using PatchLab.Elf;

namespace PatchLab.Cli;

internal static partial class Commands
{
    /// <summary>`patchlab check OBJ… [-o OUT…] [--inline] [--ret0-mov]`: the static-call and jump-label site checker.</summary>
    public static Command Check()
    {
        var inputs = new Argument<string[]>("OBJ") { Description = "ELF relocatable objects.", Arity = ArgumentArity.OneOrMore };
        var outputs = new Option<string[]>("--output", "-o")
        {
            Description = "Where to write each object with its .static_call_sites (one per OBJ, in order).",
            AllowMultipleArgumentsPerToken = true,
        };
        var inline = new Option<bool>("--inline") { Description = "Inline static calls: a pseudo-PLT per site; sites of calls defined NULL become NOPs." };
        var json = JsonOption();
        var ret0Mov = new Option<bool>("--ret0-mov") { Description = "Ask for RET0 sites as `mov x0, xzr` (x86's way), which the checker refuses." };
        var command = new Command("check", "Find static-call sites (calls to __SCT__* trampolines) and jump-label sites in relocatable " +
            "objects, write .static_call_sites for them (and per-site pseudo-PLTs with --inline), and reject sites that cannot " +
            "be patched safely: a shared PLT, out of range with no PLT, not a BL or B, a patch that is not CMODX-safe.\n" +
            "Example: patchlab check --inline drivers.o -o drivers.checked.o")
        {
            inputs,
            outputs,
            inline,
            ret0Mov,
            json,
        };
        command.SetAction(parsed =>
        {
            var paths = parsed.GetRequiredValue(inputs);
            var outPaths = parsed.GetValue(outputs) ?? [];
            if (outPaths.Length != 0 && outPaths.Length != paths.Length)
                throw new UserInputException($"-o: {outPaths.Length} outputs for {paths.Length} objects; give one per object or none");
            var objects = new List<RelocatableObject>();
            foreach (var path in paths)
            {
                if (!File.Exists(path)) throw new UserInputException($"{path}: no such file");
                using var file = ElfFile.Open(path);
                objects.Add(file.ReadRelocatable());
            }
            var result = StaticCallChecker.Check(objects, new StaticCallCheckOptions
            {
                Inline = parsed.GetValue(inline),
                Ret0AsMov = parsed.GetValue(ret0Mov),
            });
            var output = parsed.InvocationConfiguration.Output;
            if (parsed.GetValue(json)) WriteCheckJson(output, result);
            else
                foreach (var site in result.Sites) output.WriteLine(site.ToString());
            if (result.Rejections.Count > 0)
            {
                var error = parsed.InvocationConfiguration.Error;
                foreach (var rejection in result.Rejections) error.WriteLine($"error: {rejection}");
                error.WriteLine($"{result.Rejections.Count} site(s) rejected; nothing written");
                return ExitCodes.Failure;
            }
            for (var i = 0; i < outPaths.Length; i++)
            {
                var obj = objects[i];
                WriteAtomically(outPaths[i], stream => ElfWriter.WriteRelocatable(obj, stream));
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteCheckJson(TextWriter output, StaticCallCheckResult result) =>
        output.WriteLine(new JsonObject
        {
            ["sites"] = CliJson.Array(result.Sites, s => new JsonObject
            {
                ["object"] = s.Object, ["section"] = s.Section, ["offset"] = s.Offset, ["symbol"] = s.Symbol,
                ["kind"] = s.Kind == PatchSiteKind.JumpLabel ? "jump_label" : "static_call", ["tail"] = s.Tail, ["init"] = s.Init,
                ["plt_offset"] = s.PltOffset, ["nopped"] = s.Nopped,
            }),
            ["rejections"] = CliJson.Array(result.Rejections, r => new JsonObject
            {
                ["object"] = r.Object, ["section"] = r.Section, ["offset"] = r.Offset, ["symbol"] = r.Symbol, ["reason"] = r.Reason,
            }),
        }.ToJsonString());
}
