// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.FileSystems.HostDirectory;

namespace Portabled.Core.Images;

/// <summary>
/// A small subset of systemd.v(7) ("vpick") for <c>N.v/</c> and <c>N.raw.v/</c> image directories
/// (262): among the entries <c>N_&lt;version&gt;[_&lt;arch&gt;][+&lt;left&gt;[-&lt;done&gt;]]&lt;suffix&gt;</c> of the
/// wanted type, pick the highest version; entries for another architecture or with no tries left
/// are skipped. Versions compare like systemd's strverscmp_improved() for the usual cases (numeric
/// runs numerically, <c>~</c> first, other text ordinally).
/// </summary>
internal static class VersionPicker
{
    /// <summary>Entries looked at per <c>.v</c> directory.</summary>
    public const int MaxEntries = 4096;

    private static readonly string[] s_architectures =
    [
        "x86-64", "x86", "arm64", "arm64-be", "arm", "arm-be", "alpha", "arc", "arc-be", "cris", "ia64", "loongarch64",
        "m68k", "mips", "mips-le", "mips64", "mips64-le", "parisc", "parisc64", "ppc", "ppc64", "ppc64-le", "ppc-le",
        "riscv32", "riscv64", "s390", "s390x", "sh", "sh64", "sparc", "sparc64", "tilegx",
    ];

    /// <summary>The host architecture as systemd names it.</summary>
    public static string HostArchitecture => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "x86-64",
        Architecture.X86 => "x86",
        Architecture.Arm64 => "arm64",
        Architecture.Arm => "arm",
        Architecture.S390x => "s390x",
        Architecture.Ppc64le => "ppc64-le",
        Architecture.LoongArch64 => "loongarch64",
        Architecture.RiscV64 => "riscv64",
        _ => "unknown",
    };

    /// <summary>Picks the newest entry in the (resolved) directory; false when none qualifies.</summary>
    public static bool TryPick(HostLayout layout, string canonicalDirectory, string baseName, string suffix, FileType wanted, out string pickedPath, out HostDirectoryNode? pickedNode)
    {
        pickedPath = string.Empty;
        pickedNode = null;
        string? bestVersion = null;
        if (!layout.TryResolve(canonicalDirectory, true, out string dir, out HostDirectoryNode? dirNode) || dirNode.Type != FileType.Directory)
        {
            return false;
        }

        foreach (string entry in Directory.EnumerateFileSystemEntries(dirNode.HostPath).Take(MaxEntries))
        {
            string name = Path.GetFileName(entry);
            if (!TryParseVersion(name, baseName, suffix, out string? version) ||
                (bestVersion is not null && Compare(version, bestVersion) <= 0) ||
                !layout.TryResolve(dir + "/" + name, true, out string canonical, out HostDirectoryNode? node) ||
                node.Type != wanted)
            {
                continue;
            }

            bestVersion = version;
            pickedPath = canonical;
            pickedNode = node;
        }

        return pickedNode is not null;
    }

    /// <summary>The version part of an entry name, or false when the entry does not qualify.</summary>
    internal static bool TryParseVersion(string entry, string baseName, string suffix, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? version)
    {
        version = null;
        if (!entry.StartsWith(baseName + "_", StringComparison.Ordinal) || !entry.EndsWith(suffix, StringComparison.Ordinal))
        {
            return false;
        }

        string middle = entry[(baseName.Length + 1)..^suffix.Length];
        int plus = middle.IndexOf('+');
        if (plus >= 0)
        {
            string tries = middle[(plus + 1)..];
            int dash = tries.IndexOf('-');
            string left = dash >= 0 ? tries[..dash] : tries;
            if (!ulong.TryParse(left, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong triesLeft) || triesLeft == 0)
            {
                return false;
            }

            middle = middle[..plus];
        }

        int underscore = middle.LastIndexOf('_');
        if (underscore >= 0 && Array.IndexOf(s_architectures, middle[(underscore + 1)..]) >= 0)
        {
            if (middle[(underscore + 1)..] != HostArchitecture)
            {
                return false;
            }

            middle = middle[..underscore];
        }

        version = middle;
        return middle.Length > 0;
    }

    /// <summary>Version comparison: numeric runs by value, <c>~</c> before anything, other characters ordinally.</summary>
    internal static int Compare(string a, string b)
    {
        int i = 0;
        int j = 0;
        while (i < a.Length || j < b.Length)
        {
            bool aTilde = i < a.Length && a[i] == '~';
            bool bTilde = j < b.Length && b[j] == '~';
            if (aTilde || bTilde)
            {
                if (!(aTilde && bTilde))
                {
                    return aTilde ? -1 : 1;
                }

                i++;
                j++;
                continue;
            }

            if (i >= a.Length || j >= b.Length)
            {
                return i >= a.Length ? -1 : 1;
            }

            if (char.IsAsciiDigit(a[i]) && char.IsAsciiDigit(b[j]))
            {
                int si = i;
                int sj = j;
                while (i < a.Length && char.IsAsciiDigit(a[i]))
                {
                    i++;
                }

                while (j < b.Length && char.IsAsciiDigit(b[j]))
                {
                    j++;
                }

                string na = a[si..i].TrimStart('0');
                string nb = b[sj..j].TrimStart('0');
                int c = na.Length != nb.Length ? na.Length.CompareTo(nb.Length) : string.CompareOrdinal(na, nb);
                if (c != 0)
                {
                    return c;
                }

                continue;
            }

            if (a[i] != b[j])
            {
                return a[i].CompareTo(b[j]);
            }

            i++;
            j++;
        }

        return 0;
    }
}
