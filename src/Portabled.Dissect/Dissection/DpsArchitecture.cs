// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;

namespace Portabled.Dissect.Dissection;

/// <summary>
/// CPU architectures by systemd's names (architecture_to_string(): <c>x86-64</c>, <c>arm64</c>, …),
/// the host's own, and how well a partition's architecture suits the host: native beats secondary
/// (a 32-bit sibling the host also runs, e.g. x86 on x86-64) beats anything else (systemd's compare_arch()).
/// </summary>
public static class DpsArchitecture
{
    /// <summary>The host architecture as systemd names it, or null when DPS defines none for it.</summary>
    public static string? Host { get; } = FromProcessArchitecture(RuntimeInformation.ProcessArchitecture);

    /// <summary>Maps a .NET process architecture to systemd's name.</summary>
    public static string? FromProcessArchitecture(Architecture architecture) => architecture switch
    {
        Architecture.X64 => "x86-64",
        Architecture.X86 => "x86",
        Architecture.Arm64 => "arm64",
        Architecture.Arm or Architecture.Armv6 => "arm",
        Architecture.LoongArch64 => "loongarch64",
        Architecture.RiscV64 => "riscv64",
        Architecture.S390x => "s390x",
        Architecture.Ppc64le => "ppc64-le",
        _ => null,
    };

    /// <summary>The secondary architecture of <paramref name="native"/> (systemd's ARCHITECTURE_SECONDARY), or null.</summary>
    public static string? SecondaryOf(string? native) => native switch
    {
        "x86-64" => "x86",
        "arm64" => "arm",
        "s390x" => "s390",
        "ppc64" => "ppc",
        "mips64" => "mips",
        "mips64-le" => "mips-le",
        _ => null,
    };

    /// <summary>
    /// Positive when <paramref name="a"/> suits <paramref name="host"/> better than <paramref name="b"/>,
    /// negative when worse, zero when equally (same architecture, or both foreign).
    /// </summary>
    public static int Compare(string? a, string? b, string? host)
    {
        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return 0;
        }

        int Rank(string? arch) => arch is null ? 0
            : string.Equals(arch, host, StringComparison.Ordinal) ? 2
            : string.Equals(arch, SecondaryOf(host), StringComparison.Ordinal) ? 1
            : 0;
        return Rank(a).CompareTo(Rank(b));
    }

    /// <summary>True when the host runs binaries of <paramref name="architecture"/> (native or secondary).</summary>
    public static bool IsCompatible(string architecture, string? host) =>
        string.Equals(architecture, host, StringComparison.Ordinal) || string.Equals(architecture, SecondaryOf(host), StringComparison.Ordinal);
}
