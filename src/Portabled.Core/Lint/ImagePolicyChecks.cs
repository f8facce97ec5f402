// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Versions;
using Portabled.Dissect.Dissection;

namespace Portabled.Core.Lint;

/// <summary>
/// Whether the image policy 262 pins at attach (<c>RootImagePolicy=</c>, Core's <see cref="Opening.ImagePolicy"/>)
/// admits the image when PID 1 dissects it at start (docs/lint.md, "Image policy"). PID 1 refuses a
/// partition whose protection is not among the policy's protection flags ("Partition root discovered with
/// policy 'verity' but 'signed+squashfs' was required, refusing."; the unit fails with "Operation not
/// possible due to RF-kill"). The one case where the pinned policy and the image disagree: a naked file
/// system with a <c>.verity</c> hash tree and a root hash but no signature, which 262 pins as
/// <c>signed</c> while PID 1 finds it only <c>verity</c>-protected (both observed with 262).
/// </summary>
internal static class ImagePolicyChecks
{
    private static readonly string[] s_protections = ["verity", "signed", "encrypted", "encryptedandintegrity", "unprotected", "unused", "absent"];

    public static void Check(LintContext context)
    {
        if (context.Behavior.DropIns != DropInFormat.PinnedPolicies || context.Opened.Policy is not { } policy || context.Opened.Dissected is not { } dissected)
        {
            return;
        }

        VeritySettings verity = dissected.Verity;
        if (verity.Designator is not { } designator || verity.RootHash.IsEmpty || !verity.IsReady)
        {
            return;
        }

        // What PID 1 finds: signed when a signature comes with the root hash, else verity.
        string found = verity.Signature.IsEmpty ? "verity" : "signed";
        string pinned = policy.ToString();
        string name = PartitionDesignatorNames.ToName(designator);
        string[] flags = FlagsOf(pinned, name);
        string[] protections = [.. flags.Where(f => s_protections.Contains(f, StringComparer.Ordinal))];
        if (protections.Length == 0 || protections.Contains(found, StringComparer.Ordinal))
        {
            return;
        }

        context.Add(LintChecks.ImagePolicyVerity, $"partition {name}",
            $"262 pins RootImagePolicy={pinned}, but PID 1 finds partition '{name}' only '{found}'-protected and refuses to start the unit " +
            $"(\"Operation not possible due to RF-kill\"): sign the root hash ({Path.GetFileNameWithoutExtension(context.Root.Path)}.roothash.p7s), " +
            "or build a GPT image with root and root-verity partitions.");
    }

    // The flags of one designator's entry in a policy string (designator=flag+flag:…).
    private static string[] FlagsOf(string policy, string designator)
    {
        foreach (string entry in policy.Split(':'))
        {
            int eq = entry.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && entry[..eq] == designator)
            {
                return entry[(eq + 1)..].Split('+', StringSplitOptions.RemoveEmptyEntries);
            }
        }

        return [];
    }
}
