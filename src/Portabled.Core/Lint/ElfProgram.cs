// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers.Binary;
using System.Text;

namespace Portabled.Core.Lint;

/// <summary>
/// What the lint needs from the start of a program file: whether it is ELF, its machine as systemd's
/// architecture name, and its program interpreter (<c>PT_INTERP</c>); or a script's <c>#!</c> line.
/// Layout read (the ELF specification, "ELF Header" and "Program Header"): <c>e_ident</c> (magic, class
/// at 4: 1 = 32-bit, 2 = 64-bit, data at 5: 1 = little endian), <c>e_machine</c> at 18, <c>e_phoff</c>
/// at 28 (32-bit, 4 bytes) or 32 (64-bit, 8 bytes), <c>e_phentsize</c>/<c>e_phnum</c> at 42/44 or
/// 54/56; a program header's <c>p_type</c> at 0, <c>p_offset</c> at 4 or 8, <c>p_filesz</c> at 16 or 32.
/// Every offset is checked against the bytes read; a header that does not fit is "not ELF".
/// </summary>
internal sealed record ElfProgram(bool IsElf, string? Architecture, ushort Machine, string? Interpreter)
{
    /// <summary>Bytes of the file to read: headers and the interpreter path sit near the start.</summary>
    public const int HeadSize = 16384;

    private const uint PtInterp = 3;
    private const int MaxProgramHeaders = 256;
    private const int MaxInterpreterLength = 4096;

    /// <summary>Reads <paramref name="head"/>, the first bytes of a file.</summary>
    public static ElfProgram Parse(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("#!"u8))
        {
            int end = head.IndexOf((byte)'\n');
            string line = Encoding.UTF8.GetString(end < 0 ? head[2..] : head[2..end]).Trim();
            string interpreter = line.Split([' ', '\t'], 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? string.Empty;
            return new ElfProgram(false, null, 0, interpreter.Length == 0 ? null : interpreter);
        }

        if (head.Length < 64 || !head.StartsWith("\x7f"u8 + "ELF"u8) || head[5] != 1 || head[4] is not (1 or 2))
        {
            return new ElfProgram(false, null, 0, null);
        }

        bool is64 = head[4] == 2;
        ushort machine = BinaryPrimitives.ReadUInt16LittleEndian(head[18..]);
        long phoff = is64 ? (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(head[32..]), int.MaxValue) : BinaryPrimitives.ReadUInt32LittleEndian(head[28..]);
        int phentsize = BinaryPrimitives.ReadUInt16LittleEndian(head[(is64 ? 54 : 42)..]);
        int phnum = Math.Min((int)BinaryPrimitives.ReadUInt16LittleEndian(head[(is64 ? 56 : 44)..]), MaxProgramHeaders);
        string? interp = null;
        for (int i = 0; i < phnum && phentsize >= (is64 ? 56 : 32); i++)
        {
            long at = phoff + ((long)i * phentsize);
            if (at < 0 || at + phentsize > head.Length)
            {
                break;
            }

            ReadOnlySpan<byte> ph = head.Slice((int)at, phentsize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(ph) != PtInterp)
            {
                continue;
            }

            ulong offset = is64 ? BinaryPrimitives.ReadUInt64LittleEndian(ph[8..]) : BinaryPrimitives.ReadUInt32LittleEndian(ph[4..]);
            ulong size = is64 ? BinaryPrimitives.ReadUInt64LittleEndian(ph[32..]) : BinaryPrimitives.ReadUInt32LittleEndian(ph[16..]);
            if (size is > 0 and <= MaxInterpreterLength && offset + size <= (ulong)head.Length)
            {
                interp = Encoding.UTF8.GetString(head.Slice((int)offset, (int)size)).TrimEnd('\0');
            }

            break;
        }

        return new ElfProgram(true, ArchitectureOf(machine, is64), machine, interp);
    }

    // e_machine values (the ELF specification's registry) as systemd names the architectures.
    private static string? ArchitectureOf(ushort machine, bool is64) => machine switch
    {
        62 => "x86-64",
        3 => "x86",
        183 => "arm64",
        40 => "arm",
        243 => is64 ? "riscv64" : "riscv32",
        22 => is64 ? "s390x" : "s390",
        21 => "ppc64-le",
        258 => "loongarch64",
        _ => null,
    };
}
