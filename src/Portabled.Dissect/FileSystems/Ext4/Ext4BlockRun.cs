// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems.Ext4;

/// <summary>
/// A mapped run of logical blocks: <paramref name="Length"/> blocks starting at physical block
/// <paramref name="Physical"/>, or, when <paramref name="Physical"/> is 0, a hole or unwritten extent that reads as zeros.
/// </summary>
internal readonly record struct Ext4BlockRun(long Physical, long Length)
{
    /// <summary>True when the run reads as zeros.</summary>
    public bool IsZeros => Physical == 0;
}
