// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Host;
using Portabled.Core.Versions;
using Portabled.Dissect.FileSystems.HostDirectory;
using Portabled.Dissect.FileSystems;

namespace Portabled.Core.Profiles;

/// <summary>
/// Portable profiles (docs/attach-detach.md, "Profiles"): a profile is a directory <c>&lt;dir&gt;/&lt;name&gt;/</c> in the profile search
/// path holding one drop-in per unit type (<c>service.conf</c>, …). The same name in an earlier
/// directory overrides a later one; a name masked by a symlink to <c>/dev/null</c> is dropped.
/// </summary>
internal sealed class ProfileSearch
{
    /// <summary>Entries looked at per profile directory.</summary>
    public const int MaxEntries = 4096;

    private readonly HostLayout _layout;
    private readonly IReadOnlyList<string> _searchPath;

    public ProfileSearch(HostLayout layout, UpstreamBehavior behavior)
    {
        _layout = layout;
        _searchPath = layout.Scope.ProfileSearchPath ?? behavior.ProfileSearchPath;
    }

    /// <summary>The available profile names, sorted and deduplicated.</summary>
    public IReadOnlyList<string> List()
    {
        var decided = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (string dir in _searchPath)
        {
            if (!_layout.TryResolve(dir, true, out string canonical, out HostDirectoryNode? node) || node.Type != FileType.Directory)
            {
                continue;
            }

            foreach (string entry in Directory.EnumerateFileSystemEntries(node.HostPath).Take(MaxEntries))
            {
                string name = Path.GetFileName(entry);
                if (decided.ContainsKey(name) || name.StartsWith('.'))
                {
                    continue;
                }

                if (IsMasked(canonical + "/" + name))
                {
                    decided[name] = false;
                }
                else if (_layout.TryResolve(canonical + "/" + name, true, out _, out HostDirectoryNode? profile) && profile.Type == FileType.Directory)
                {
                    decided[name] = true;
                }
            }
        }

        return [.. decided.Where(p => p.Value).Select(p => p.Key).Order(StringComparer.Ordinal)];
    }

    /// <summary>Whether a profile of that name exists (as a directory, not masked).</summary>
    public bool Exists(string profile) => List().Contains(profile, StringComparer.Ordinal);

    /// <summary>
    /// The logical path of <c>&lt;profile&gt;/&lt;unitType&gt;.conf</c> in the first profile directory that
    /// has it, or null.
    /// </summary>
    public string? FindDropIn(string profile, string unitType)
    {
        foreach (string dir in _searchPath)
        {
            string candidate = $"{dir}/{profile}/{unitType}.conf";
            if (_layout.TryResolve(candidate, false, out _, out HostDirectoryNode? node) && node.Type is FileType.RegularFile or FileType.SymbolicLink)
            {
                return candidate;
            }
        }

        return null;
    }

    private bool IsMasked(string logicalPath)
    {
        if (!_layout.TryResolve(logicalPath, false, out _, out HostDirectoryNode? node) || node.Type != FileType.SymbolicLink)
        {
            return false;
        }

        try
        {
            return new FileInfo(node.HostPath).LinkTarget == "/dev/null";
        }
        catch (IOException)
        {
            return false;
        }
    }
}
