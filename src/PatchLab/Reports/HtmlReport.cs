using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;

namespace PatchLab.Reports;

/// <summary>An axis of a line chart: its label, and whether it is logarithmic (powers of ten evenly spaced).</summary>
public sealed record Axis(string Label, bool Logarithmic = false);

/// <summary>One line of a line chart: (x, y) points in x order.</summary>
public sealed record Series(string Name, IReadOnlyList<(double X, double Y)> Points);

/// <summary>One set of bars of a bar chart: a value per category.</summary>
public sealed record BarSeries(string Name, IReadOnlyList<double> Values);

/// <summary>
/// One self-contained HTML page of plots and tables: no network, the plots drawn as SVG by a small script embedded
/// in the page. Each plot's figure gets <c>data-drawn="true"</c> once drawn, the body <c>data-plots-drawn</c> the
/// count, and the root element <c>data-errors</c> any script error, so a headless browser can check the page.
/// </summary>
public sealed class HtmlReport(string title)
{
    private readonly StringBuilder _body = new();
    private int _plots;

    public int Plots => _plots;

    public HtmlReport Heading(string text)
    {
        _body.Append("<h2>").Append(Encode(text)).AppendLine("</h2>");
        return this;
    }

    public HtmlReport Text(string paragraph)
    {
        _body.Append("<p>").Append(Encode(paragraph)).AppendLine("</p>");
        return this;
    }

    public HtmlReport Table(ResultTable table)
    {
        var numeric = Enumerable.Range(0, table.Columns.Count).Select(table.IsNumeric).ToList();
        _body.Append("<table><caption>").Append(Encode(table.Title)).Append("</caption><thead><tr>");
        for (var i = 0; i < table.Columns.Count; i++)
            _body.Append(numeric[i] ? "<th class=\"number\">" : "<th>").Append(Encode(table.Columns[i])).Append("</th>");
        _body.AppendLine("</tr></thead><tbody>");
        foreach (var row in table.Rows)
        {
            _body.Append("<tr>");
            for (var i = 0; i < row.Count; i++)
                _body.Append(numeric[i] ? "<td class=\"number\">" : "<td>").Append(Encode(row[i])).Append("</td>");
            _body.AppendLine("</tr>");
        }
        _body.AppendLine("</tbody></table>");
        return this;
    }

    /// <summary>Lines over a common x axis, one per series; <paramref name="stepped"/> holds each value until the next x.</summary>
    public HtmlReport LineChart(string caption, Axis x, Axis y, IReadOnlyList<Series> series, bool stepped = false) =>
        Plot(caption, new JsonObject
        {
            ["kind"] = "line",
            ["x"] = new JsonObject { ["label"] = x.Label, ["log"] = x.Logarithmic },
            ["y"] = new JsonObject { ["label"] = y.Label, ["log"] = y.Logarithmic },
            ["stepped"] = stepped,
            ["series"] = new JsonArray([.. series.Select(s => new JsonObject
            {
                ["name"] = s.Name,
                ["points"] = new JsonArray([.. s.Points.Select(p => new JsonArray(Number(p.X), Number(p.Y)))]),
            })]),
        });

    /// <summary>Bars per category, one bar per series side by side.</summary>
    public HtmlReport BarChart(string caption, string yLabel, IReadOnlyList<string> categories, IReadOnlyList<BarSeries> series)
    {
        if (series.Any(s => s.Values.Count != categories.Count))
            throw new ArgumentException("every bar series needs a value per category", nameof(series));
        return Plot(caption, new JsonObject
        {
            ["kind"] = "bars",
            ["y"] = new JsonObject { ["label"] = yLabel, ["log"] = false },
            ["categories"] = new JsonArray([.. categories.Select(c => (JsonNode?)c)]),
            ["series"] = new JsonArray([.. series.Select(s => new JsonObject
            {
                ["name"] = s.Name,
                ["values"] = new JsonArray([.. s.Values.Select(Number)]),
            })]),
        });
    }

    /// <summary>A value that is not a number (NaN, a measure the platform lacks) goes in as a string; the plot leaves it out.</summary>
    private static JsonNode Number(double value) =>
        double.IsFinite(value) ? value : value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private HtmlReport Plot(string caption, JsonObject spec)
    {
        _plots++;
        // A JSON tree needs no reflection (a native patchlab writes reports too); the default encoder escapes <, > and
        // &, so the data cannot end its script element.
        var json = spec.ToJsonString();
        _body.Append("<figure class=\"plot\"><figcaption>").Append(Encode(caption)).AppendLine("</figcaption>")
            .Append("<script type=\"application/json\">").Append(json).AppendLine("</script></figure>");
        return this;
    }

    public void Write(TextWriter writer)
    {
        writer.Write($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>{Encode(title)}</title>
            <script>{Asset("errors.js")}</script>
            <style>{Asset("report.css")}</style>
            </head>
            <body data-plots="{_plots}">
            <h1>{Encode(title)}</h1>

            """);
        writer.Write(_body.ToString());
        writer.Write($"""
            <script>{Asset("plots.js")}</script>
            </body>
            </html>

            """);
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Asset(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"PatchLab.Reports.Assets.{name}")
            ?? throw new InvalidOperationException($"report asset {name} is missing from the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
