namespace PatchLab.Reports;

/// <summary>A table of results, made once and shown as a terminal table or in an HTML report.</summary>
public sealed record ResultTable(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);
