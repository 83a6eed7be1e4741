using PatchLab.Arm64.Operands;
using static PatchLab.Arm64.Encodings.FpScalar;
using static PatchLab.Arm64.Operands.FpSimdRegisters;

namespace PatchLab.Arm64.Encodings;

/// <summary>The cryptographic extension: AES, SHA-1, SHA-256, SHA-512, SHA-3 (EOR3, RAX1, XAR, BCAX), SM3 and SM4.</summary>
internal static class Crypto
{
    private static readonly FpSimdShapeSpec Bytes = Fixed("v.16b"), Words = Fixed("v.4s"), Doubles = Fixed("v.2d");

    public static void Define(EncodingTableBuilder t)
    {
        string[] aes = ["aese", "aesd", "aesmc", "aesimc"];
        for (var i = 0; i < aes.Length; i++)
            t.Add(aes[i], $"01001110 00 10100 001{Bits(i, 2)} 10 Rn:5 Rd:5", Reg("Rd", Bytes), Reg("Rn", Bytes));

        (string Name, string D, string N)[] sha = [("sha1c", "q", "s"), ("sha1p", "q", "s"), ("sha1m", "q", "s"),
            ("sha1su0", "v.4s", "v.4s"), ("sha256h", "q", "q"), ("sha256h2", "q", "q"), ("sha256su1", "v.4s", "v.4s")];
        for (var i = 0; i < sha.Length; i++)
            t.Add(sha[i].Name, $"01011110 00 0 Rm:5 0 {Bits(i, 3)} 00 Rn:5 Rd:5", Reg("Rd", Fixed(sha[i].D)),
                Reg("Rn", Fixed(sha[i].N)), Reg("Rm", Words));
        t.Add("sha1h", "01011110 00 10100 00000 10 Rn:5 Rd:5", Reg("Rd", Fixed("s")), Reg("Rn", Fixed("s")));
        t.Add("sha1su1", "01011110 00 10100 00001 10 Rn:5 Rd:5", Reg("Rd", Words), Reg("Rn", Words));
        t.Add("sha256su0", "01011110 00 10100 00010 10 Rn:5 Rd:5", Reg("Rd", Words), Reg("Rn", Words));

        (string Name, string D, string N, FpSimdShapeSpec M)[] threeRegister =
        [
            ("sha512h", "q", "q", Doubles), ("sha512h2", "q", "q", Doubles), ("sha512su1", "v.2d", "v.2d", Doubles),
            ("rax1", "v.2d", "v.2d", Doubles), ("sm3partw1", "v.4s", "v.4s", Words), ("sm3partw2", "v.4s", "v.4s", Words),
            ("sm4ekey", "v.4s", "v.4s", Words),
        ];
        for (var i = 0; i < threeRegister.Length; i++)
            t.Add(threeRegister[i].Name, $"11001110011 Rm:5 1 {i >> 2} 00 {Bits(i, 2)} Rn:5 Rd:5",
                Reg("Rd", Fixed(threeRegister[i].D)), Reg("Rn", Fixed(threeRegister[i].N)), Reg("Rm", threeRegister[i].M));
        t.Add("sha512su0", "11001110110000001000 00 Rn:5 Rd:5", Reg("Rd", Doubles), Reg("Rn", Doubles));
        t.Add("sm4e", "11001110110000001000 01 Rn:5 Rd:5", Reg("Rd", Words), Reg("Rn", Words));

        (string Name, FpSimdShapeSpec Shape)[] fourRegister = [("eor3", Bytes), ("bcax", Bytes), ("sm3ss1", Words)];
        for (var i = 0; i < fourRegister.Length; i++)
        {
            var shape = fourRegister[i].Shape;
            t.Add(fourRegister[i].Name, $"110011100 {Bits(i, 2)} Rm:5 0 Ra:5 Rn:5 Rd:5", Reg("Rd", shape), Reg("Rn", shape),
                Reg("Rm", shape), Reg("Ra", shape));
        }
        t.Add("xar", "11001110100 Rm:5 imm6:6 Rn:5 Rd:5", Reg("Rd", Doubles), Reg("Rn", Doubles), Reg("Rm", Doubles), Imm.Dec("imm6"));
        string[] sm3tt = ["sm3tt1a", "sm3tt1b", "sm3tt2a", "sm3tt2b"];
        for (var i = 0; i < sm3tt.Length; i++)
            t.Add(sm3tt[i], $"11001110010 Rm:5 10 imm2:2 {Bits(i, 2)} Rn:5 Rd:5", Reg("Rd", Words), Reg("Rn", Words),
                Reg("Rm", Element(".s", "imm2")));
    }
}
