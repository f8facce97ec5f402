// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Dissection;

/// <summary>The wire names of <see cref="PartitionDesignator"/> (systemd's partition_designator_to_string()).</summary>
public static class PartitionDesignatorNames
{
    /// <summary>The name, e.g. <c>root-verity-sig</c>.</summary>
    public static string ToName(PartitionDesignator designator) => designator switch
    {
        PartitionDesignator.Root => "root",
        PartitionDesignator.Usr => "usr",
        PartitionDesignator.Home => "home",
        PartitionDesignator.Srv => "srv",
        PartitionDesignator.Esp => "esp",
        PartitionDesignator.XBootLdr => "xbootldr",
        PartitionDesignator.Swap => "swap",
        PartitionDesignator.RootVerity => "root-verity",
        PartitionDesignator.UsrVerity => "usr-verity",
        PartitionDesignator.RootVeritySig => "root-verity-sig",
        PartitionDesignator.UsrVeritySig => "usr-verity-sig",
        PartitionDesignator.Tmp => "tmp",
        PartitionDesignator.Var => "var",
        _ => throw new ArgumentOutOfRangeException(nameof(designator)),
    };

    /// <summary>Parses a name; false when unknown.</summary>
    public static bool TryParse(string name, out PartitionDesignator designator)
    {
        foreach (PartitionDesignator d in Enum.GetValues<PartitionDesignator>())
        {
            if (string.Equals(ToName(d), name, StringComparison.Ordinal))
            {
                designator = d;
                return true;
            }
        }

        designator = default;
        return false;
    }

    /// <summary>Designators with A/B versions chosen by label (systemd's partition_designator_is_versioned()).</summary>
    public static bool IsVersioned(PartitionDesignator designator) => designator is PartitionDesignator.Root or PartitionDesignator.Usr
        or PartitionDesignator.RootVerity or PartitionDesignator.UsrVerity or PartitionDesignator.RootVeritySig or PartitionDesignator.UsrVeritySig;
}
