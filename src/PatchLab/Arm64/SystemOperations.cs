namespace PatchLab.Arm64;

/// <summary>
/// The SYS operations GNU objdump 2.40 prints as <c>at</c>, <c>dc</c>, <c>ic</c> and <c>tlbi</c>, by op1:CRn:CRm:op2
/// (the 14 bits 18:5 of a SYS instruction). Some take no register: objdump prints them without one whatever Rt holds.
/// </summary>
public static class SystemOperations
{
    public enum Kind { None, At, Dc, Ic, Tlbi }

    public readonly record struct Operation(Kind Kind, string Name, uint Op1, uint CRn, uint CRm, uint Op2,
        bool TakesRegister = true)
    {
        public uint Key => Op1 << 11 | CRn << 7 | CRm << 3 | Op2;
    }

    /// <summary>The operation at op1:CRn:CRm:op2, if objdump names it.</summary>
    public static Operation? At(uint key) => Lookup.Value.ByKey[key & 0x3fff];

    public static bool TryFind(Kind kind, string name, out Operation operation) =>
        Lookup.Value.ByName.TryGetValue((kind, name.Trim().ToLowerInvariant()), out operation);

    public static readonly IReadOnlyList<Operation> All =
    [
        new(Kind.At, "s1e1r", 0, 7, 8, 0),
        new(Kind.At, "s1e1w", 0, 7, 8, 1),
        new(Kind.At, "s1e0r", 0, 7, 8, 2),
        new(Kind.At, "s1e0w", 0, 7, 8, 3),
        new(Kind.At, "s1e1rp", 0, 7, 9, 0),
        new(Kind.At, "s1e1wp", 0, 7, 9, 1),
        new(Kind.At, "s1e2r", 4, 7, 8, 0),
        new(Kind.At, "s1e2w", 4, 7, 8, 1),
        new(Kind.At, "s12e1r", 4, 7, 8, 4),
        new(Kind.At, "s12e1w", 4, 7, 8, 5),
        new(Kind.At, "s12e0r", 4, 7, 8, 6),
        new(Kind.At, "s12e0w", 4, 7, 8, 7),
        new(Kind.At, "s1e3r", 6, 7, 8, 0),
        new(Kind.At, "s1e3w", 6, 7, 8, 1),
        new(Kind.Dc, "ivac", 0, 7, 6, 1),
        new(Kind.Dc, "isw", 0, 7, 6, 2),
        new(Kind.Dc, "igvac", 0, 7, 6, 3),
        new(Kind.Dc, "igsw", 0, 7, 6, 4),
        new(Kind.Dc, "igdvac", 0, 7, 6, 5),
        new(Kind.Dc, "igdsw", 0, 7, 6, 6),
        new(Kind.Dc, "csw", 0, 7, 10, 2),
        new(Kind.Dc, "cgsw", 0, 7, 10, 4),
        new(Kind.Dc, "cgdsw", 0, 7, 10, 6),
        new(Kind.Dc, "cisw", 0, 7, 14, 2),
        new(Kind.Dc, "cigsw", 0, 7, 14, 4),
        new(Kind.Dc, "cigdsw", 0, 7, 14, 6),
        new(Kind.Dc, "zva", 3, 7, 4, 1),
        new(Kind.Dc, "gva", 3, 7, 4, 3),
        new(Kind.Dc, "gzva", 3, 7, 4, 4),
        new(Kind.Dc, "cvac", 3, 7, 10, 1),
        new(Kind.Dc, "cgvac", 3, 7, 10, 3),
        new(Kind.Dc, "cgdvac", 3, 7, 10, 5),
        new(Kind.Dc, "cvau", 3, 7, 11, 1),
        new(Kind.Dc, "cvap", 3, 7, 12, 1),
        new(Kind.Dc, "cgvap", 3, 7, 12, 3),
        new(Kind.Dc, "cgdvap", 3, 7, 12, 5),
        new(Kind.Dc, "cvadp", 3, 7, 13, 1),
        new(Kind.Dc, "cgvadp", 3, 7, 13, 3),
        new(Kind.Dc, "cgdvadp", 3, 7, 13, 5),
        new(Kind.Dc, "civac", 3, 7, 14, 1),
        new(Kind.Dc, "cigvac", 3, 7, 14, 3),
        new(Kind.Dc, "cigdvac", 3, 7, 14, 5),
        new(Kind.Dc, "cipapa", 6, 7, 14, 1),
        new(Kind.Dc, "cigdpapa", 6, 7, 14, 5),
        new(Kind.Ic, "ialluis", 0, 7, 1, 0, TakesRegister: false),
        new(Kind.Ic, "iallu", 0, 7, 5, 0, TakesRegister: false),
        new(Kind.Ic, "ivau", 3, 7, 5, 1),
        new(Kind.Tlbi, "vmalle1os", 0, 8, 1, 0, TakesRegister: false),
        new(Kind.Tlbi, "vae1os", 0, 8, 1, 1),
        new(Kind.Tlbi, "aside1os", 0, 8, 1, 2),
        new(Kind.Tlbi, "vaae1os", 0, 8, 1, 3),
        new(Kind.Tlbi, "vale1os", 0, 8, 1, 5),
        new(Kind.Tlbi, "vaale1os", 0, 8, 1, 7),
        new(Kind.Tlbi, "rvae1is", 0, 8, 2, 1),
        new(Kind.Tlbi, "rvaae1is", 0, 8, 2, 3),
        new(Kind.Tlbi, "rvale1is", 0, 8, 2, 5),
        new(Kind.Tlbi, "rvaale1is", 0, 8, 2, 7),
        new(Kind.Tlbi, "vmalle1is", 0, 8, 3, 0, TakesRegister: false),
        new(Kind.Tlbi, "vae1is", 0, 8, 3, 1),
        new(Kind.Tlbi, "aside1is", 0, 8, 3, 2),
        new(Kind.Tlbi, "vaae1is", 0, 8, 3, 3),
        new(Kind.Tlbi, "vale1is", 0, 8, 3, 5),
        new(Kind.Tlbi, "vaale1is", 0, 8, 3, 7),
        new(Kind.Tlbi, "rvae1os", 0, 8, 5, 1),
        new(Kind.Tlbi, "rvaae1os", 0, 8, 5, 3),
        new(Kind.Tlbi, "rvale1os", 0, 8, 5, 5),
        new(Kind.Tlbi, "rvaale1os", 0, 8, 5, 7),
        new(Kind.Tlbi, "rvae1", 0, 8, 6, 1),
        new(Kind.Tlbi, "rvaae1", 0, 8, 6, 3),
        new(Kind.Tlbi, "rvale1", 0, 8, 6, 5),
        new(Kind.Tlbi, "rvaale1", 0, 8, 6, 7),
        new(Kind.Tlbi, "vmalle1", 0, 8, 7, 0, TakesRegister: false),
        new(Kind.Tlbi, "vae1", 0, 8, 7, 1),
        new(Kind.Tlbi, "aside1", 0, 8, 7, 2),
        new(Kind.Tlbi, "vaae1", 0, 8, 7, 3),
        new(Kind.Tlbi, "vale1", 0, 8, 7, 5),
        new(Kind.Tlbi, "vaale1", 0, 8, 7, 7),
        new(Kind.Tlbi, "ipas2e1is", 4, 8, 0, 1),
        new(Kind.Tlbi, "ripas2e1is", 4, 8, 0, 2),
        new(Kind.Tlbi, "ipas2le1is", 4, 8, 0, 5),
        new(Kind.Tlbi, "ripas2le1is", 4, 8, 0, 6),
        new(Kind.Tlbi, "alle2os", 4, 8, 1, 0, TakesRegister: false),
        new(Kind.Tlbi, "vae2os", 4, 8, 1, 1),
        new(Kind.Tlbi, "alle1os", 4, 8, 1, 4, TakesRegister: false),
        new(Kind.Tlbi, "vale2os", 4, 8, 1, 5),
        new(Kind.Tlbi, "vmalls12e1os", 4, 8, 1, 6, TakesRegister: false),
        new(Kind.Tlbi, "rvae2is", 4, 8, 2, 1),
        new(Kind.Tlbi, "rvale2is", 4, 8, 2, 5),
        new(Kind.Tlbi, "alle2is", 4, 8, 3, 0, TakesRegister: false),
        new(Kind.Tlbi, "vae2is", 4, 8, 3, 1),
        new(Kind.Tlbi, "alle1is", 4, 8, 3, 4, TakesRegister: false),
        new(Kind.Tlbi, "vale2is", 4, 8, 3, 5),
        new(Kind.Tlbi, "vmalls12e1is", 4, 8, 3, 6, TakesRegister: false),
        new(Kind.Tlbi, "ipas2e1os", 4, 8, 4, 0),
        new(Kind.Tlbi, "ipas2e1", 4, 8, 4, 1),
        new(Kind.Tlbi, "ripas2e1", 4, 8, 4, 2),
        new(Kind.Tlbi, "ripas2e1os", 4, 8, 4, 3),
        new(Kind.Tlbi, "ipas2le1os", 4, 8, 4, 4),
        new(Kind.Tlbi, "ipas2le1", 4, 8, 4, 5),
        new(Kind.Tlbi, "ripas2le1", 4, 8, 4, 6),
        new(Kind.Tlbi, "ripas2le1os", 4, 8, 4, 7),
        new(Kind.Tlbi, "rvae2os", 4, 8, 5, 1),
        new(Kind.Tlbi, "rvale2os", 4, 8, 5, 5),
        new(Kind.Tlbi, "rvae2", 4, 8, 6, 1),
        new(Kind.Tlbi, "rvale2", 4, 8, 6, 5),
        new(Kind.Tlbi, "alle2", 4, 8, 7, 0, TakesRegister: false),
        new(Kind.Tlbi, "vae2", 4, 8, 7, 1),
        new(Kind.Tlbi, "alle1", 4, 8, 7, 4, TakesRegister: false),
        new(Kind.Tlbi, "vale2", 4, 8, 7, 5),
        new(Kind.Tlbi, "vmalls12e1", 4, 8, 7, 6, TakesRegister: false),
        new(Kind.Tlbi, "alle3os", 6, 8, 1, 0, TakesRegister: false),
        new(Kind.Tlbi, "vae3os", 6, 8, 1, 1),
        new(Kind.Tlbi, "paallos", 6, 8, 1, 4, TakesRegister: false),
        new(Kind.Tlbi, "vale3os", 6, 8, 1, 5),
        new(Kind.Tlbi, "rvae3is", 6, 8, 2, 1),
        new(Kind.Tlbi, "rvale3is", 6, 8, 2, 5),
        new(Kind.Tlbi, "alle3is", 6, 8, 3, 0, TakesRegister: false),
        new(Kind.Tlbi, "vae3is", 6, 8, 3, 1),
        new(Kind.Tlbi, "vale3is", 6, 8, 3, 5),
        new(Kind.Tlbi, "rpaos", 6, 8, 4, 3),
        new(Kind.Tlbi, "rpalos", 6, 8, 4, 7),
        new(Kind.Tlbi, "rvae3os", 6, 8, 5, 1),
        new(Kind.Tlbi, "rvale3os", 6, 8, 5, 5),
        new(Kind.Tlbi, "rvae3", 6, 8, 6, 1),
        new(Kind.Tlbi, "rvale3", 6, 8, 6, 5),
        new(Kind.Tlbi, "alle3", 6, 8, 7, 0, TakesRegister: false),
        new(Kind.Tlbi, "vae3", 6, 8, 7, 1),
        new(Kind.Tlbi, "paall", 6, 8, 7, 4, TakesRegister: false),
        new(Kind.Tlbi, "vale3", 6, 8, 7, 5),
    ];

    private static readonly Lazy<(Operation?[] ByKey, Dictionary<(Kind, string), Operation> ByName)> Lookup = new(() =>
    {
        var byKey = new Operation?[1 << 14];
        var byName = new Dictionary<(Kind, string), Operation>();
        foreach (var op in All)
        {
            byKey[op.Key] = op;
            byName[(op.Kind, op.Name)] = op;
        }
        return (byKey, byName);
    });
}
