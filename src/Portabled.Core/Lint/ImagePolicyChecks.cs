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
/// <c>signed</c> while PID 1 finds it only <c>verity</c>-protected (both observed with 262). And the
/// partition flags: 262 pins <c>read-only-on</c> for a squashfs, erofs or verity partition whatever its GPT
/// attributes say, while PID 1 checks the GPT read-only attribute against it ("Partition root has
/// 'read-only' flag incorrectly set (must be 1, is 0), refusing."; observed with 262's systemd-dissect).
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

        CheckPartitionFlags(context, policy.ToString(), dissected);
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

    private static void CheckPartitionFlags(LintContext context, string pinned, DissectedImage dissected)
    {
        if (dissected.PartitionTableKind != Dissect.Partitions.PartitionTableKind.Gpt)
        {
            return;
        }

        foreach ((PartitionDesignator designator, DissectedPartition partition) in dissected.Selected)
        {
            string name = PartitionDesignatorNames.ToName(designator);
            string[] flags = FlagsOf(pinned, name);
            string? wrong = flags.Contains("read-only-on") && !partition.ReadOnly ? "read-only (attribute 60) is not set, the policy needs it set"
                : flags.Contains("read-only-off") && partition.ReadOnly ? "read-only (attribute 60) is set, the policy needs it clear"
                : flags.Contains("growfs-off") && partition.GrowFileSystem ? "growfs (attribute 59) is set, the policy needs it clear"
                : null;
            if (wrong is null)
            {
                continue;
            }

            context.Add(LintChecks.ImagePolicyPartitionFlags, $"partition {name}",
                $"262 pins RootImagePolicy={pinned}, but on GPT partition {partition.PartitionNumber} ({name}) {wrong}: PID 1 refuses to start the unit " +
                $"(\"Operation not possible due to RF-kill\"). Set the attributes to match (sfdisk --part-attrs IMAGE {partition.PartitionNumber} {(wrong.StartsWith("read-only (attribute 60) is not", StringComparison.Ordinal) ? "60" : "''")}, or ReadOnly=yes in systemd-repart).");
        }
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
