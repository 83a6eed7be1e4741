using System.Buffers.Binary;
using System.Text;
using PatchLab.Elf;

namespace PatchLab.Machine.Linux;

/// <summary>
/// A static AArch64 Linux executable running at EL0 on CPU 0, with the small system-call ABI such programs need:
/// write/writev, exit/exit_group, brk, anonymous mmap/munmap/mprotect, getpid, clock_gettime (virtual time), and
/// the start-up calls of a static C library. Anything else ends the run with one line naming the call and the PC.
/// </summary>
public sealed class LinuxProcess : IExceptionHandler
{
    private const ulong StackTop = 0x0000_7fff_ffff_0000;
    private const ulong StackSize = 8 << 20;
    private const ulong MmapBase = 0x0000_4000_0000_0000;
    private const ulong PageMask = Memory.PageSize - 1;
    /// <summary>AT_HWCAP: FP and ASIMD only, so glibc's ifuncs pick the generic and plain-ASIMD routines.</summary>
    private const ulong HardwareCapabilities = 0b11;
    private const int Enosys = 38, Enoent = 2, Ebadf = 9, Efault = 14, Enomem = 12, Einval = 22, Enotty = 25;

    private readonly AArch64Machine _machine;
    private readonly Stream _stdout;
    private readonly Stream _stderr;
    private readonly string _name;
    private ulong _brkStart;
    private ulong _brk;
    private ulong _mmapNext = MmapBase;

    private LinuxProcess(AArch64Machine machine, string name, Stream stdout, Stream stderr)
    {
        _machine = machine;
        _name = name;
        _stdout = stdout;
        _stderr = stderr;
        machine.Handler = this;
    }

    public int? ExitCode { get; private set; }

    /// <summary>
    /// How `patchlab exec` runs a program alone: long quanta, no random evictions, and no CMODX checks (one CPU
    /// cannot modify code concurrently with itself). The program computes the same; the run is faster.
    /// </summary>
    public static MachineOptions StandaloneOptions => new() { QuantumMin = 4096, QuantumMax = 4096, EvictionChance = 0, CheckCmodx = false };

    /// <summary>Loads <paramref name="path"/> into a new one-CPU machine, ready to run.</summary>
    public static LinuxProcess Load(string path, IReadOnlyList<string> args, Stream stdout, Stream stderr, MachineOptions? options = null)
    {
        using var elf = ElfFile.Open(path);
        if (elf.Machine != ElfMachine.AArch64)
            throw new UserInputException($"{path}: not an AArch64 executable (ELF machine {elf.Machine})");
        if (elf.Type is not (ElfFileType.Executable or ElfFileType.Shared))
            throw new UserInputException($"{path}: not an executable (ELF type {elf.Type})");
        if (elf.ProgramHeaders.Any(p => p.Type == SegmentType.Interp))
            throw new UserInputException($"{path}: dynamically linked executables are not supported; link with -static");
        var machine = new AArch64Machine((options ?? new MachineOptions()) with { Cpus = 1 });
        var process = new LinuxProcess(machine, Path.GetFileName(path), stdout, stderr);
        // A static PIE runs where we put it: 0x5555_5555_0000, as Linux does for PIE without ASLR.
        var bias = elf.Type == ElfFileType.Shared ? 0x5555_5555_0000UL : 0;
        var end = 0UL;
        foreach (var segment in elf.ProgramHeaders.Where(p => p.Type == SegmentType.Load))
        {
            var start = bias + segment.VirtualAddress;
            machine.Memory.Map(start, segment.MemorySize, Permissions(segment.Flags));
            machine.Memory.Load(start, elf.GetSegmentData(segment).Span);
            end = Math.Max(end, start + segment.MemorySize);
        }
        process._brkStart = process._brk = (end + PageMask) & ~PageMask;
        var phdr = elf.ProgramHeaders.FirstOrDefault(p => p.Type == SegmentType.Phdr);
        var cpu = machine.Cpus[0];
        cpu.ExceptionLevel = 0;
        cpu.Daif = 0;
        cpu.Pc = bias + elf.Entry;
        cpu.SpEl0 = process.BuildStack(path, args, bias + phdr.VirtualAddress, elf.ProgramHeaders.Count, bias + elf.Entry);
        return process;
    }

    public AArch64Machine Machine => _machine;

    private static PagePermissions Permissions(SegmentFlags flags) =>
        ((flags & SegmentFlags.Read) != 0 ? PagePermissions.Read : 0)
        | ((flags & SegmentFlags.Write) != 0 ? PagePermissions.Write : 0)
        | ((flags & SegmentFlags.Execute) != 0 ? PagePermissions.Execute : 0);

    /// <summary>The initial stack the kernel builds: argc, argv, envp, the auxiliary vector, and the strings.</summary>
    private ulong BuildStack(string path, IReadOnlyList<string> args, ulong phdr, int phnum, ulong entry)
    {
        var memory = _machine.Memory;
        memory.Map(StackTop - StackSize, StackSize, PagePermissions.ReadWrite);
        var sp = StackTop;
        ulong PushBytes(ReadOnlySpan<byte> bytes)
        {
            sp -= (ulong)bytes.Length;
            memory.Load(sp, bytes);
            return sp;
        }
        var argv = new List<ulong>();
        foreach (var a in new[] { path }.Concat(args))
            argv.Add(PushBytes(Encoding.UTF8.GetBytes(a + "\0")));
        var envp = new List<ulong> { PushBytes("PATCHLAB=1\0"u8) };
        var random = PushBytes([0x3c, 0x7e, 0x11, 0x5a, 0x99, 0x01, 0xc4, 0x42, 0x17, 0x8b, 0xe0, 0x2d, 0x66, 0x90, 0x0f, 0xa3]);
        var platform = PushBytes("aarch64\0"u8);
        ulong[] auxv =
        [
            3, phdr, 4, 56, 5, (ulong)phnum, 6, Memory.PageSize, 9, entry, 11, 0, 12, 0, 13, 0, 14, 0,
            16, HardwareCapabilities, 17, 100, 23, 0, 25, random, 26, 0, 15, platform, 0, 0,
        ];
        var words = new List<ulong> { (ulong)argv.Count };
        words.AddRange(argv);
        words.Add(0);
        words.AddRange(envp);
        words.Add(0);
        words.AddRange(auxv);
        sp = (sp - (ulong)words.Count * 8) & ~15UL;
        var block = new byte[words.Count * 8];
        for (var i = 0; i < words.Count; i++) BinaryPrimitives.WriteUInt64LittleEndian(block.AsSpan(i * 8), words[i]);
        memory.Load(sp, block);
        return sp;
    }

    /// <summary>Runs to exit; returns the exit code.</summary>
    public int Run()
    {
        _machine.Trace?.Running(0, _machine.Cpus[0].VirtualTimeNs, _name);
        _machine.Run();
        return ExitCode ?? throw new MachineStopException("the program stopped without calling exit");
    }

    public void Handle(Cpu cpu, in CpuException exception)
    {
        if (exception.Kind != ExceptionKind.SupervisorCall)
            throw new MachineStopException($"{Describe(exception)}");
        var number = cpu.X(8);
        var result = SystemCall(cpu, number, exception);
        if (!cpu.Halted) cpu.SetX(0, (ulong)result);
    }

    private string Describe(in CpuException e)
    {
        var word = e.Word;
        if (word == 0 && e.Kind != ExceptionKind.Interrupt)
        {
            try { word = _machine.Memory.PeekWord(e.Pc); }
            catch (MemoryFaultException) { }
        }
        var text = new Arm64.Disassembler().Format(word, e.Pc);
        return e.Kind switch
        {
            ExceptionKind.Undefined => $"undefined or unsupported instruction at pc 0x{e.Pc:x}: {word:x8} {text}",
            ExceptionKind.InstructionAbort => $"jump to unmapped or non-executable memory at pc 0x{e.Pc:x}",
            ExceptionKind.DataAbort => $"bad memory access to 0x{e.FaultAddress:x} at pc 0x{e.Pc:x}: {word:x8} {text}",
            _ => $"{e.Describe()}: {text}",
        };
    }

    private long SystemCall(Cpu cpu, ulong number, in CpuException e)
    {
        ulong Arg(int i) => cpu.X(i);
        switch (number)
        {
            case 64: return Write(Arg(0), Arg(1), Arg(2));
            case 66: return WriteVector(Arg(0), Arg(1), Arg(2));
            case 93:
            case 94:
                ExitCode = (int)(Arg(0) & 0xff);
                foreach (var c in _machine.Cpus) c.Halted = true;
                return 0;
            case 214: return Brk(Arg(0));
            case 222: return Mmap(Arg(0), Arg(1), (int)Arg(2), (int)Arg(3));
            case 215: return 0;                         // munmap: the pages stay mapped, harmless here
            case 226: return 0;                         // mprotect
            case 172: case 178: return 1000;            // getpid, gettid
            case 113: return ClockGetTime(cpu, Arg(1));
            case 96: return 1000;                       // set_tid_address
            case 99: case 293: return -Enosys;          // set_robust_list, rseq
            case 29: return -Enotty;                    // ioctl (isatty)
            case 135: case 134: return 0;               // rt_sigprocmask, rt_sigaction
            case 261: return -Enosys;                   // prlimit64
            case 278: return GetRandom(Arg(0), Arg(1)); // getrandom (deterministic)
            case 160: return Uname(Arg(0));
            case 174: case 175: case 176: case 177: return 0;   // getuid, geteuid, getgid, getegid
            case 79: case 80: return -Enosys;           // newfstatat, fstat
            case 179: return SystemInformation(Arg(0));
            case 78: return -Enoent;                    // readlinkat (/proc/self/exe): no file system here
            default:
                throw new MachineStopException($"unsupported system call {number} at pc 0x{e.Pc:x}");
        }
    }

    private long Write(ulong fd, ulong buffer, ulong count)
    {
        var stream = fd switch { 1 => _stdout, 2 => _stderr, _ => null };
        if (stream is null) return -Ebadf;
        if (count > int.MaxValue) return -Einval;
        var bytes = new byte[count];
        try { _machine.Memory.Peek(buffer, bytes); }
        catch (MemoryFaultException) { return -Efault; }
        stream.Write(bytes);
        stream.Flush();
        return (long)count;
    }

    private long WriteVector(ulong fd, ulong iov, ulong count)
    {
        long total = 0;
        for (var i = 0UL; i < count; i++)
        {
            var @base = _machine.Memory.Read(iov + i * 16, 8);
            var length = _machine.Memory.Read(iov + i * 16 + 8, 8);
            var written = Write(fd, @base, length);
            if (written < 0) return written;
            total += written;
        }
        return total;
    }

    private long Brk(ulong requested)
    {
        if (requested < _brkStart) return (long)_brk;
        var top = (requested + PageMask) & ~PageMask;
        if (top > _brkStart + (1UL << 32)) return (long)_brk;
        _machine.Memory.Map(_brk, top - _brk, PagePermissions.ReadWrite);
        _brk = requested;
        return (long)_brk;
    }

    private long Mmap(ulong address, ulong length, int protection, int flags)
    {
        const int anonymous = 0x20;
        if ((flags & anonymous) == 0) return -Enosys;
        if (length == 0) return -Einval;
        var size = (length + PageMask) & ~PageMask;
        if (size > 1UL << 36) return -Enomem;
        var at = _mmapNext;
        _mmapNext += size + Memory.PageSize;
        var permissions = ((protection & 1) != 0 ? PagePermissions.Read : 0) | ((protection & 2) != 0 ? PagePermissions.Write : 0)
            | ((protection & 4) != 0 ? PagePermissions.Execute : 0);
        _machine.Memory.Map(at, size, permissions == 0 ? PagePermissions.Read : permissions);
        _ = address;
        return (long)at;
    }

    private long ClockGetTime(Cpu cpu, ulong timespec)
    {
        var ns = cpu.VirtualTimeNs;
        Span<byte> ts = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(ts, ns / 1_000_000_000);
        BinaryPrimitives.WriteUInt64LittleEndian(ts[8..], ns % 1_000_000_000);
        return TryStore(timespec, ts);
    }

    private long GetRandom(ulong buffer, ulong length)
    {
        var bytes = new byte[Math.Min(length, 256)];
        for (var i = 0; i < bytes.Length; i++) bytes[i] = (byte)(i * 37 + 11);
        var r = TryStore(buffer, bytes);
        return r < 0 ? r : bytes.Length;
    }

    /// <summary>sysinfo: a fixed 1 GiB machine with half its memory free (qsort sizes its buffer from this).</summary>
    private long SystemInformation(ulong buffer)
    {
        Span<byte> info = stackalloc byte[112];
        info.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(info[32..], 1UL << 30);   // totalram
        BinaryPrimitives.WriteUInt64LittleEndian(info[40..], 1UL << 29);   // freeram
        BinaryPrimitives.WriteUInt16LittleEndian(info[80..], 1);           // procs
        BinaryPrimitives.WriteUInt32LittleEndian(info[104..], 1);          // mem_unit
        return TryStore(buffer, info);
    }

    private long Uname(ulong buffer)
    {
        var fields = new[] { "Linux", "patchlab", "6.1.0", "#1 SMP", "aarch64", "" };
        var bytes = new byte[65 * 6];
        for (var i = 0; i < fields.Length; i++) Encoding.ASCII.GetBytes(fields[i]).CopyTo(bytes, i * 65);
        return TryStore(buffer, bytes);
    }

    private long TryStore(ulong address, ReadOnlySpan<byte> bytes)
    {
        try
        {
            for (var i = 0; i < bytes.Length; i++) _machine.Memory.Write(address + (ulong)i, 1, bytes[i], -1, 0);
            return 0;
        }
        catch (MemoryFaultException)
        {
            return -Efault;
        }
    }
}
