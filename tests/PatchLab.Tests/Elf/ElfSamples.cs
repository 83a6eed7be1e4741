using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Elf;

/// <summary>Real ELF files made by GNU as, GCC and ld from sources kept here, built once per test run.</summary>
internal static class ElfSamples
{
    private static readonly Lazy<TempDir> Dir = new(() =>
    {
        var dir = new TempDir();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => dir.Dispose();
        return dir;
    });
    private static readonly Dictionary<string, string> Built = [];
    private static readonly Lock Gate = new();

    /// <summary>Branches, ADR/ADRP, data in text, zero runs, several sections, local and global labels.</summary>
    public const string BranchesSource = """
        	.text
        	.globl _start
        	.type _start, %function
        _start:
        	b 1f
        	bl external_fn
        1:	cbz x0, _start
        	cbnz w3, local_label
        	adrp x0, data_word
        	adr x1, local_label
        	tbz x0, #3, _start
        	tbnz w5, #31, 1b
        	b.eq local_label
        	b.ne external_fn
        	b.hi far_away
        	br x0
        	blr x17
        	ret
        	ret x3
        	.size _start, . - _start
        local_label:
        	.word 0x12345678
        	.byte 1, 2, 3
        	.align 2
        	br x1
        	.zero 16
        	blr x2
        	.quad 0
        	.globl g_same
        	.type g_same, %function
        g_same:
        alias_local:
        	b.lt g_same
        	b.ge alias_local
        	.type table, %object
        table:
        	.word 0x64636261, 0x01020304, 0, 0, 0, 0x4142
        	.align 2
        after_table:
        	bl after_table
        	ret
        	.section .text.second, "ax", %progbits
        	.globl second
        second:
        	b _start
        	b after_table
        	bl external_fn
        	adrp x2, data_word
        	b .+0x400
        	.section .text.nosym, "ax", %progbits
        	b .+8
        	ret
        	.data
        	.globl data_word
        data_word:
        	.quad _start
        	.quad external_fn + 16
        	.word 7
        	.bss
        	.space 64
        """;

    /// <summary>C code GCC turns into calls, loops, tail calls, literal pools, jump tables, static data and COMDAT-free sections.</summary>
    public const string CSource = """
        extern int ext(int);
        extern int table[];
        static int counter;
        int global_value = 42;
        const char *names[] = { "alpha", "beta", "gamma" };

        static __attribute__((noinline)) int helper(int x) { return ext(x) + counter++; }

        int sum(int n)
        {
            int s = 0;
            for (int i = 0; i < n; i++) s += table[i] * helper(i);
            return s;
        }

        int pick(int k)
        {
            switch (k) {
            case 0: return ext(1);
            case 1: return ext(7) + 3;
            case 2: return global_value;
            case 3: return ext(k * 5);
            case 4: return 11;
            case 5: return ext(-1);
            default: return helper(k);
            }
        }

        long mix(long a, long b) { return (a * 31) ^ (b >> 3); }

        int tail(int v) { return sum(v + 1); }
        """;

    public static string Folder => Dir.Value.Path;

    public static string BranchesObject => Build("branches.o", () => Assemble("branches", BranchesSource));

    public static string CObject => Build("c-o2.o", () => Compile("c-o2", CSource, "-O2"));

    public static string CObjectFunctionSections =>
        Build("c-fs.o", () => Compile("c-fs", CSource, "-O2", "-ffunction-sections", "-fdata-sections", "-g"));

    /// <summary>Functions with two NOPs at entry, as livepatch wants: __patchable_function_entries sections, one per
    /// function section, each SHF_LINK_ORDER-linked to its function's section.</summary>
    public static string CObjectPatchable =>
        Build("c-patchable.o", () => Compile("c-patchable", CSource, "-O2", "-fpatchable-function-entry=2", "-ffunction-sections"));

    /// <summary>The branches object linked into a static executable at ld's default address.</summary>
    public static string BranchesExecutable => Build("branches.exe", () =>
    {
        var output = Path.Combine(Folder, "branches.exe");
        OracleTool.Run("aarch64-linux-gnu-ld", "-o", output, BranchesObject, "--defsym", "external_fn=0x400800",
            "--defsym", "far_away=0x500000");
        return output;
    });

    /// <summary>A static glibc program: thousands of functions, a .plt for IFUNCs, many sections.</summary>
    public static string StaticExecutable => Build("static.exe", () =>
    {
        var source = Path.Combine(Folder, "static.c");
        File.WriteAllText(source, "#include <stdio.h>\nint main(void) { puts(\"hi\"); return 0; }\n");
        var output = Path.Combine(Folder, "static.exe");
        OracleTool.Run("aarch64-linux-gnu-gcc", "-static", "-O2", "-o", output, source);
        return output;
    });

    public static string X86Object => Build("x86.o", () =>
    {
        var source = Path.Combine(Folder, "x86.s");
        File.WriteAllText(source, """
            	.text
            	.globl f
            	.type f, @function
            f:	call g
            	movq counter(%rip), %rax
            	ret
            	.data
            counter: .quad f
            	.section .rodata
            	.long 5
            """);
        var output = Path.Combine(Folder, "x86.o");
        OracleTool.Run("llvm-mc", "-triple=x86_64-linux-gnu", "-filetype=obj", "-o", output, source);
        return output;
    });

    public static IEnumerable<string> AllObjects => [BranchesObject, CObject, CObjectFunctionSections, CObjectPatchable];

    public static string Assemble(string name, string source)
    {
        var path = Path.Combine(Folder, name + ".s");
        File.WriteAllText(path, source + "\n");
        var output = Path.Combine(Folder, name + ".o");
        OracleTool.Run("aarch64-linux-gnu-as", "-o", output, path);
        return output;
    }

    public static string Compile(string name, string source, params string[] flags)
    {
        var path = Path.Combine(Folder, name + ".c");
        File.WriteAllText(path, source);
        var output = Path.Combine(Folder, name + ".o");
        OracleTool.Run("aarch64-linux-gnu-gcc", [.. flags, "-c", "-o", output, path]);
        return output;
    }

    private static string Build(string key, Func<string> make)
    {
        lock (Gate)
        {
            if (!Built.TryGetValue(key, out var path))
                Built[key] = path = make();
            return path;
        }
    }
}
