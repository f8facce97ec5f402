// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;
using Portabled.Core.Errors;
using Portabled.Core.Host;
using Portabled.Dissect.FileSystems.HostDirectory;
using Portabled.Dissect.FileSystems;

namespace Portabled.Core.Images;

/// <summary>
/// systemd.v(7) ("vpick") for <c>N.v/</c> and <c>N.raw.v/</c> image directories (262): every entry
/// <c>N_VERSION[_ARCH][+LEFT[-DONE]]SUFFIX</c> is parsed (<see cref="VersionedEntry"/>), entries
/// for a foreign architecture, with an invalid version or of the wrong type (symlinks followed)
/// are skipped, and the best one by <see cref="VersionedEntry.Compare"/> wins. As observed on 262,
/// an entry that matches the name pattern but cannot be resolved (dangling or looping symlink)
/// makes the whole pick fail, not just that entry. The picked path is the resolved one.
/// </summary>
internal static class VersionPicker
{
    /// <summary>Entries looked at per <c>.v</c> directory.</summary>
    public const int MaxEntries = 16384;

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

    /// <summary>
    /// The filters for a <c>.v</c> directory called <paramref name="directoryName"/> (which ends in
    /// <c>.v</c>). Found by image name (<paramref name="anyType"/> false): <c>N.raw.v</c> holds raw
    /// images <c>N_*.raw</c>, <c>N.v</c> directories <c>N_*</c>. Given as a path (true, 262's
    /// path_pick with "any image"): both, raw with the base name minus <c>.raw</c>, directories
    /// with the full base name, compared together.
    /// </summary>
    public static IReadOnlyList<PickFilter> GetImageFilters(string directoryName, bool anyType)
    {
        if (!directoryName.EndsWith(".v", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{directoryName}' does not end in '.v'.", nameof(directoryName));
        }

        string stem = directoryName[..^2];
        bool rawSuffix = stem.EndsWith(".raw", StringComparison.Ordinal);
        string rawBase = rawSuffix ? stem[..^4] : stem;
        if (anyType)
        {
            return [new PickFilter(rawBase, true), new PickFilter(stem, false)];
        }

        return rawSuffix ? [new PickFilter(rawBase, true)] : [new PickFilter(stem, false)];
    }

    /// <summary>Picks the best entry in the directory <paramref name="canonicalDirectory"/>; false when none qualifies or the pick fails.</summary>
    public static bool TryPick(HostLayout layout, string canonicalDirectory, IReadOnlyList<PickFilter> filters, out string pickedPath, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HostDirectoryNode? pickedNode)
    {
        pickedPath = string.Empty;
        pickedNode = null;
        if (TryResolveEntry(layout, canonicalDirectory) is not (string dir, HostDirectoryNode { Type: FileType.Directory } dirNode))
        {
            return false;
        }

        List<string> names;
        try
        {
            names = [.. Directory.EnumerateFileSystemEntries(dirNode.HostPath).Take(MaxEntries).Select(e => Path.GetFileName(e))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        var resolved = new Dictionary<string, (string Path, HostDirectoryNode Node)?>(StringComparer.Ordinal);
        FileType? TypeOf(string name)
        {
            if (!resolved.TryGetValue(name, out var r))
            {
                r = TryResolveEntry(layout, dir + "/" + name);
                resolved.Add(name, r);
            }

            return r?.Node.Type;
        }

        VersionedEntry? best = Pick(names, filters, HostArchitecture, TypeOf);
        if (best is null || resolved[best.FileName] is not { } picked)
        {
            return false;
        }

        (pickedPath, pickedNode) = picked;
        return true;
    }

    /// <summary>
    /// The pick over entry names: null when nothing qualifies, or when an entry matching a filter's
    /// name pattern has no type (<paramref name="getType"/> returns null: it cannot be resolved).
    /// </summary>
    internal static VersionedEntry? Pick(IEnumerable<string> names, IReadOnlyList<PickFilter> filters, string nativeArchitecture, Func<string, FileType?> getType)
    {
        VersionedEntry? best = null;
        foreach (string name in names)
        {
            foreach (PickFilter filter in filters)
            {
                if (!VersionedEntry.TryParse(name, filter, nativeArchitecture, out VersionedEntry? entry))
                {
                    continue;
                }

                if (getType(name) is not FileType type)
                {
                    return null;
                }

                if (filter.Accepts(type) && (best is null || VersionedEntry.Compare(entry, best) > 0))
                {
                    best = entry;
                }
            }
        }

        return best;
    }

    /// <summary>An entry, symlinks followed; null when dangling, looping or unreadable.</summary>
    private static (string Path, HostDirectoryNode Node)? TryResolveEntry(HostLayout layout, string path)
    {
        try
        {
            return layout.TryResolve(path, true, out string canonical, out HostDirectoryNode? node) ? (canonical, node) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ErrnoException { Errno: Errno.ELOOP })
        {
            return null;
        }
    }
}
