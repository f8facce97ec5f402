// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Dissection;

/// <summary>
/// A partition type GUID the Discoverable Partitions Specification defines: its name as systemd's
/// gpt.c spells it (<c>root-x86-64</c>, <c>usr-arm64-verity</c>, <c>esp</c>, <c>linux-generic</c>),
/// the designator it serves (null for types dissection does not use, e.g. <c>user-home</c> and
/// <c>linux-generic</c>) and its architecture (null for architecture-independent types).
/// </summary>
public sealed record DpsPartitionType(Guid TypeGuid, string Name, PartitionDesignator? Designator, string? Architecture)
{
    /// <summary>True for the generic Linux data type (0fc63daf-…), the root fallback.</summary>
    public bool IsLinuxGeneric => TypeGuid == DpsPartitionTypes.LinuxGeneric;
}
