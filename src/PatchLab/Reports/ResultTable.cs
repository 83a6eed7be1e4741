using System.Globalization;

namespace PatchLab.Reports;

/// <summary>A table of results, made once and shown as a terminal table or in an HTML report.</summary>
public sealed record ResultTable(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>Whether every cell of the column is a number (shown right-aligned, so the digits line up).</summary>
    public bool IsNumeric(int column) =>
        Rows.All(r => double.TryParse(r[column], NumberStyles.Float, CultureInfo.InvariantCulture, out _));
}
