// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Images;

/// <summary>
/// One entry of a <c>.v</c> directory, parsed by the naming rules of systemd.v(7):
/// <c>BASENAME_VERSION[_ARCH][+LEFT[-DONE]]SUFFIX</c>.
/// </summary>
/// <param name="FileName">The entry's name in the directory.</param>
/// <param name="Version">The version: non-empty, only <c>A-Z a-z 0-9 . ~ ^ -</c>.</param>
/// <param name="ArchitectureRank">0 native, 1 secondary (e.g. x86 on x86-64), 2 no or unknown architecture.</param>
/// <param name="TriesLeft">The "tries left" counter; <see cref="uint.MaxValue"/> without counters.</param>
/// <param name="TriesDone">The "tries done" counter; 0 with only <c>+LEFT</c>, <see cref="uint.MaxValue"/> without counters.</param>
internal sealed record VersionedEntry(string FileName, string Version, int ArchitectureRank, uint TriesLeft, uint TriesDone)
{
    /// <summary>Rank of an entry without (or with an unknown) architecture.</summary>
    public const int NoArchitectureRank = 2;

    // The architecture vocabulary of ConditionArchitecture= (systemd.unit(5)).
    private static readonly string[] s_architectures =
    [
        "alpha", "arc", "arc-be", "arm", "arm64", "arm64-be", "arm-be", "cris", "ia64", "loongarch64", "m68k",
        "mips", "mips64", "mips64-le", "mips-le", "nios2", "parisc", "parisc64", "ppc", "ppc64", "ppc64-le", "ppc-le",
        "riscv32", "riscv64", "s390", "s390x", "sh", "sh64", "sparc", "sparc64", "tilegx", "x86", "x86-64",
    ];

    /// <summary>Whether <paramref name="name"/> is an architecture systemd knows.</summary>
    public static bool IsArchitecture(string name) => Array.IndexOf(s_architectures, name) >= 0;

    /// <summary>
    /// The architecture a host also runs besides its native one, as systemd builds define it
    /// (x86-64: x86, arm64: arm, ppc64: ppc, ppc64-le: ppc-le, s390x: s390); null if none.
    /// </summary>
    public static string? GetSecondaryArchitecture(string native) => native switch
    {
        "x86-64" => "x86",
        "arm64" => "arm",
        "ppc64" => "ppc",
        "ppc64-le" => "ppc-le",
        "s390x" => "s390",
        _ => null,
    };

    /// <summary>
    /// Parses an entry name for a filter; false when it does not match the name pattern, is for an
    /// architecture the host does not run, or its version is empty or has other characters (as
    /// observed on 262: <c>_</c>, <c>+</c>, <c>,</c>, <c>:</c> and the like make an entry invalid).
    /// </summary>
    public static bool TryParse(string fileName, PickFilter filter, string nativeArchitecture, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out VersionedEntry? entry)
    {
        entry = null;
        string prefix = filter.BaseName + "_";
        if (!fileName.StartsWith(prefix, StringComparison.Ordinal) || !fileName.EndsWith(filter.Suffix, StringComparison.Ordinal) ||
            fileName.Length < prefix.Length + filter.Suffix.Length)
        {
            return false;
        }

        string variable = fileName[prefix.Length..^filter.Suffix.Length];

        // Counters come last; a "+…" that is not "+LEFT" or "+LEFT-DONE" stays in the version (and makes it invalid).
        uint triesLeft = uint.MaxValue, triesDone = uint.MaxValue;
        int plus = variable.LastIndexOf('+');
        if (plus >= 0 && TryParseTries(variable.AsSpan(plus + 1), out triesLeft, out triesDone))
        {
            variable = variable[..plus];
        }

        // Then the architecture: whatever follows the last '_' is cut off; a known foreign
        // architecture drops the entry, anything else counts as "no architecture".
        int rank = NoArchitectureRank;
        int underscore = variable.LastIndexOf('_');
        if (underscore >= 0)
        {
            string architecture = variable[(underscore + 1)..];
            if (architecture == nativeArchitecture)
            {
                rank = 0;
            }
            else if (architecture == GetSecondaryArchitecture(nativeArchitecture))
            {
                rank = 1;
            }
            else if (IsArchitecture(architecture))
            {
                return false;
            }

            variable = variable[..underscore];
        }

        if (!IsValidVersion(variable))
        {
            return false;
        }

        entry = new VersionedEntry(fileName, variable, rank, triesLeft, triesDone);
        return true;
    }

    /// <summary>Whether a version string is acceptable: non-empty, only letters, digits and <c>. ~ ^ -</c>.</summary>
    public static bool IsValidVersion(string version)
    {
        if (version.Length == 0)
        {
            return false;
        }

        foreach (char c in version)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '~' or '^' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Orders two candidates; positive when <paramref name="x"/> is the better pick. In order:
    /// entries with tries left (or no counters) before those with none left, newer version,
    /// native before secondary before no architecture, more tries left, fewer tries done, and
    /// finally the file name (ordinal, greater wins).
    /// </summary>
    public static int Compare(VersionedEntry x, VersionedEntry y)
    {
        int c = (x.TriesLeft != 0).CompareTo(y.TriesLeft != 0);
        if (c == 0)
        {
            c = Portabled.Dissect.Dissection.VersionComparer.Instance.Compare(x.Version, y.Version);
        }

        if (c == 0)
        {
            c = y.ArchitectureRank.CompareTo(x.ArchitectureRank);
        }

        if (c == 0)
        {
            c = x.TriesLeft.CompareTo(y.TriesLeft);
        }

        if (c == 0)
        {
            c = y.TriesDone.CompareTo(x.TriesDone);
        }

        return c != 0 ? c : Math.Sign(string.CompareOrdinal(x.FileName, y.FileName));
    }

    /// <summary>"LEFT" or "LEFT-DONE", decimal digits only, each fitting 32 bits.</summary>
    private static bool TryParseTries(ReadOnlySpan<char> s, out uint left, out uint done)
    {
        left = done = uint.MaxValue;
        int dash = s.IndexOf('-');
        ReadOnlySpan<char> leftText = dash >= 0 ? s[..dash] : s;
        if (!TryParseCounter(leftText, out uint l))
        {
            return false;
        }

        uint d = 0;
        if (dash >= 0 && !TryParseCounter(s[(dash + 1)..], out d))
        {
            return false;
        }

        left = l;
        done = d;
        return true;
    }

    private static bool TryParseCounter(ReadOnlySpan<char> s, out uint value)
    {
        value = 0;
        if (s.IsEmpty || s.ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        return uint.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value);
    }
}
