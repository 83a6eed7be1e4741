using System.Text;

namespace PatchLab.Arm64.Assembler;

/// <summary>Where a statement came from, printed as GNU as prints it: <c>file:line</c>.</summary>
public readonly record struct SourceLocation(string File, int Line)
{
    public override string ToString() => $"{File}:{Line}";
}

/// <summary>One statement of source: a line, or a part of one between <c>;</c> separators, without comments.</summary>
internal readonly record struct Statement(string Text, SourceLocation Location);

/// <summary>
/// Splits GNU as source for AArch64 into statements: <c>//</c> and <c>/* */</c> comments and lines starting with
/// <c>#</c> are dropped, <c>;</c> separates statements; string and character literals are kept intact.
/// </summary>
internal static class SourceReader
{
    public static List<Statement> Read(string text, string file)
    {
        var statements = new List<Statement>();
        var current = new StringBuilder();
        var line = 1;
        var statementLine = 1;
        var inBlockComment = false;
        var atLineStart = true;

        void Flush()
        {
            var s = current.ToString().Trim();
            if (s.Length > 0) statements.Add(new Statement(s, new SourceLocation(file, statementLine)));
            current.Clear();
            statementLine = line;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                Flush();
                line++;
                statementLine = line;
                atLineStart = true;
                continue;
            }
            if (inBlockComment)
            {
                if (c == '*' && i + 1 < text.Length && text[i + 1] == '/')
                {
                    inBlockComment = false;
                    i++;
                }
                continue;
            }
            if (atLineStart && c == '#')
            {
                while (i + 1 < text.Length && text[i + 1] != '\n') i++;
                continue;
            }
            if (!char.IsWhiteSpace(c)) atLineStart = false;
            switch (c)
            {
                case '/' when i + 1 < text.Length && text[i + 1] == '/':
                    while (i + 1 < text.Length && text[i + 1] != '\n') i++;
                    break;
                case '/' when i + 1 < text.Length && text[i + 1] == '*':
                    inBlockComment = true;
                    i++;
                    break;
                case ';':
                    Flush();
                    break;
                case '"':
                    var end = AsmSyntax.SkipString(text, i);
                    current.Append(text, i, end - i);
                    i = end - 1;
                    break;
                case '\'' when i + 1 < text.Length && text[i + 1] != '\n':
                    // A character constant: 'c or '\c, optionally closed by a quote.
                    var length = text[i + 1] == '\\' && i + 2 < text.Length ? 3 : 2;
                    if (i + length < text.Length && text[i + length] == '\'') length++;
                    current.Append(text, i, length);
                    i += length - 1;
                    break;
                case '\r':
                    break;
                default:
                    current.Append(c);
                    break;
            }
        }
        Flush();
        return statements;
    }
}
