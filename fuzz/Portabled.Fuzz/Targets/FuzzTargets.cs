// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Fuzz.Targets;

/// <summary>
/// Every fuzz target, by name. Creating a target runs no reader code: under afl-fuzz, instrumented
/// code that runs before SharpFuzz has mapped the coverage memory dies with an access violation.
/// </summary>
public static class FuzzTargets
{
    /// <summary>The targets, one per reader.</summary>
    public static IReadOnlyList<IFuzzTarget> All { get; } =
    [
        new FileSystemTarget("squashfs", () => new Dissect.FileSystems.SquashFs.SquashFsFormat()),
        new FileSystemTarget("ext4", () => new Dissect.FileSystems.Ext4.Ext4Format()),
        new FileSystemTarget("erofs", () => new Dissect.FileSystems.Erofs.ErofsFormat()),
        new PartitionsTarget(),
        new VerityTarget(),
        new EnvFileTarget(),
    ];

    /// <summary>The target called <paramref name="name"/>, or null.</summary>
    public static IFuzzTarget? Find(string name) => All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));
}
