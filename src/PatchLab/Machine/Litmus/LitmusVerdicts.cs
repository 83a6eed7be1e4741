namespace PatchLab.Machine.Litmus;

/// <summary>What the architecture's model says of a test's proposition (the condition without its quantifier).</summary>
public enum LitmusExpectation
{
    /// <summary>No execution satisfies it (herd: Forbidden, Observation Never).</summary>
    Never,

    /// <summary>Some executions may satisfy it (herd: Allowed, Observation Sometimes).</summary>
    Sometimes,

    /// <summary>Every execution satisfies it (herd: Required, Observation Always).</summary>
    Always,
}

/// <summary>How the machine's executions compare with the expectation.</summary>
public enum LitmusAgreement
{
    /// <summary>The executions show what the model says.</summary>
    Agrees,

    /// <summary>An allowed outcome never came up: the machine is stricter than the architecture here.</summary>
    NotObserved,

    /// <summary>A forbidden outcome came up, or a required one failed: the machine is wrong.</summary>
    Disagrees,

    /// <summary>No expectation is known, or no execution finished.</summary>
    Unknown,
}

/// <summary>
/// Expected verdicts from a table in the format of <c>shared/litmus/verdicts.tsv</c> (suite, test, variant, file,
/// condition, verdict, verdict_source; tab-separated, with a header row), looked up by the end of a test's path.
/// </summary>
public sealed class LitmusVerdicts
{
    private readonly List<(string File, string Verdict)> _rows = [];

    public static LitmusVerdicts Load(string path)
    {
        var verdicts = new LitmusVerdicts();
        var lines = File.ReadAllLines(path);
        for (var i = 1; i < lines.Length; i++)
        {
            var fields = lines[i].Split('\t');
            if (fields.Length < 6) throw new UserInputException($"{path}:{i + 1}: expected 7 tab-separated fields");
            verdicts._rows.Add((fields[3].Replace('\\', '/'), fields[5]));
        }
        return verdicts;
    }

    /// <summary>The expectation for the test at <paramref name="path"/>, or null when the table has none (or herd rejects the test).</summary>
    public LitmusExpectation? For(string path)
    {
        var normalized = path.Replace('\\', '/');
        var row = _rows.Where(r => normalized.EndsWith("/" + r.File, StringComparison.Ordinal) || normalized == r.File)
            .Select(r => r.Verdict).FirstOrDefault();
        return row switch
        {
            "Forbidden" => LitmusExpectation.Never,
            "Allowed" => LitmusExpectation.Sometimes,
            "Required" => LitmusExpectation.Always,
            _ when row?.Contains("Observation Never", StringComparison.Ordinal) == true => LitmusExpectation.Never,
            _ when row?.Contains("Observation Sometimes", StringComparison.Ordinal) == true => LitmusExpectation.Sometimes,
            _ when row?.Contains("Observation Always", StringComparison.Ordinal) == true => LitmusExpectation.Always,
            _ => null,
        };
    }

    public static LitmusAgreement Judge(LitmusResult result, LitmusExpectation? expectation) => expectation switch
    {
        _ when result.Finished == 0 => LitmusAgreement.Unknown,
        null => LitmusAgreement.Unknown,
        LitmusExpectation.Never => result.Held == 0 ? LitmusAgreement.Agrees : LitmusAgreement.Disagrees,
        LitmusExpectation.Always => result.Held == result.Finished ? LitmusAgreement.Agrees : LitmusAgreement.Disagrees,
        _ => result.Held > 0 ? LitmusAgreement.Agrees : LitmusAgreement.NotObserved,
    };
}
