// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;
using System.Text.RegularExpressions;

namespace Portabled.Testing.Verity;

/// <summary>The real <c>veritysetup</c> (cryptsetup): builds hash trees for fixtures and is the oracle for checking them (it runs in userspace).</summary>
public static partial class VeritySetup
{
    /// <summary>Runs <c>veritysetup format DATA HASH</c>; returns the root hash (hex).</summary>
    public static string Format(string data, string hash, VerityFormat? format = null, long? dataBlocks = null)
    {
        var args = new List<string> { "format" };
        args.AddRange((format ?? VerityFormat.Default).Arguments());
        if (dataBlocks is long n)
        {
            args.Add("--data-blocks=" + n.ToString(CultureInfo.InvariantCulture));
        }

        args.Add(data);
        args.Add(hash);
        string output = ProcessRunner.RunChecked("veritysetup", [.. args]);
        Match m = RootHashLine().Match(output);
        return m.Success ? m.Groups[1].Value : throw new InvalidOperationException("veritysetup printed no root hash: " + output);
    }

    /// <summary>True when <c>veritysetup verify</c> accepts the tree (exit 0).</summary>
    public static bool Verify(string data, string hash, string rootHash, VerityFormat? format = null, long? dataBlocks = null)
    {
        var args = new List<string> { "verify" };
        if ((format ?? VerityFormat.Default).HashOffset is long offset and not 0)
        {
            args.Add("--hash-offset=" + offset.ToString(CultureInfo.InvariantCulture));
        }

        if (dataBlocks is long n)
        {
            args.Add("--data-blocks=" + n.ToString(CultureInfo.InvariantCulture));
        }

        args.AddRange([data, hash, rootHash]);
        return ProcessRunner.Run("veritysetup", args).ExitCode == 0;
    }

    [GeneratedRegex(@"Root hash:\s+([0-9a-f]+)")]
    private static partial Regex RootHashLine();
}
