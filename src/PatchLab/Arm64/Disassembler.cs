using System.Text;

namespace PatchLab.Arm64;

/// <summary>Prints instructions exactly as GNU objdump's AArch64 disassembler does.</summary>
public sealed class Disassembler
{
    private readonly InstructionWriter _writer = new();

    public Disassembler(ISymbolizer? symbols = null) => _writer.Symbols = symbols ?? NoSymbols.Instance;

    public ISymbolizer Symbols
    {
        get => _writer.Symbols;
        set => _writer.Symbols = value;
    }

    /// <summary>
    /// The PC-relative target the last <see cref="Append"/> printed, its place counted in that call's builder: the
    /// only text that depends on the instruction's address or on symbols. Without one the text is the same for that
    /// word anywhere.
    /// </summary>
    public PrintedTarget? LastTarget { get; private set; }

    /// <summary>The instruction's text as objdump prints it after the word: <c>add\tx0, x1, x2</c>.</summary>
    public string Format(uint word, ulong address = 0)
    {
        var sb = new StringBuilder();
        Append(sb, word, address);
        return sb.ToString();
    }

    // Compiled optimized at once: a listing calls it millions of times in a process that lives a second or two.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Append(StringBuilder sb, uint word, ulong address)
    {
        var encoding = Decoder.FindEncoding(word);
        LastTarget = null;
        if (encoding is null)
        {
            sb.Append(".inst\t0x");
            InstructionWriter.AppendHex(sb, word, 8);
            sb.Append(" ; undefined");
            return;
        }
        var shown = encoding.PreferredFor(word);
        sb.Append(shown.MnemonicFor(word));
        _writer.Reset(address);
        var first = true;
        foreach (var operand in shown.OperandArray)
        {
            if (!operand.IsPresent(word)) continue;
            if (!first) _writer.Text.Append(", ");
            operand.Print(word, _writer);
            first = false;
        }
        if (_writer.Target is { } target)
            LastTarget = target with { Start = sb.Length + 1 + target.Start, End = sb.Length + 1 + target.End };
        // A target may print as nothing (a listing that prints targets itself): its operands still follow a tab.
        if (_writer.Text.Length > 0 || LastTarget is not null) sb.Append('\t').Append(_writer.Text);
        sb.Append(_writer.Comment);
    }
}
