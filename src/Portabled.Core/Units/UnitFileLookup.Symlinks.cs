// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.FileSystems.HostDirectory;

namespace Portabled.Core.Units;

internal sealed partial class UnitFileLookup
{
    private static readonly string[] s_dependencySuffixes = [".wants", ".requires", ".upholds"];

    // find_symlinks_in_scope(): which directories of the search path link to the unit. A link in
    // /etc/systemd/system wins outright; one under /run makes it enabled-runtime; elsewhere (the
    // attached directories under /etc, /usr) it only counts for an instance (static). A link of the
    // unit's own name to itself (as the attached copy of a linked file) is "linked" only in
    // /etc/systemd/system or under /run. Directories below the one holding the unit file itself
    // cannot shadow it by name.
    private UnitFileState? FindSymlinksInScope(UnitFileInfo info, bool matchName)
    {
        bool sameNameConfig = false, sameNameRuntime = false, enabledRuntime = false, enabledElsewhere = false, ignoreSameName = false;
        foreach (string dir in _searchPath)
        {
            bool sameName = false;
            if (FindSymlinks(info, matchName, ignoreSameName, dir, ref sameName))
            {
                if (dir == PersistentConfig)
                {
                    return UnitFileState.Enabled;
                }

                enabledRuntime |= IsRuntime(dir);
                enabledElsewhere |= !IsRuntime(dir);
            }
            else if (sameName)
            {
                sameNameConfig |= dir == PersistentConfig;
                sameNameRuntime |= dir != PersistentConfig && IsRuntime(dir);
            }

            ignoreSameName |= IsUnder(info.Path!, dir);
        }

        return enabledRuntime ? UnitFileState.EnabledRuntime
            : enabledElsewhere && UnitNames.IsInstance(info.Name) ? UnitFileState.Static
            : sameNameConfig ? UnitFileState.Linked
            : sameNameRuntime ? UnitFileState.LinkedRuntime
            : null;
    }

    // find_symlinks(): the .wants/.requires/.upholds directories of one search directory (by link
    // name only), then the directory itself (by link name and target name).
    private bool FindSymlinks(UnitFileInfo info, bool matchName, bool ignoreSameName, string configPath, ref bool sameName)
    {
        string hostDir = _layout.ToHost(configPath);
        List<string> entries;
        try
        {
            entries = [.. Directory.EnumerateFileSystemEntries(hostDir).Take(MaxEntriesPerDirectory)];
        }
        catch (Exception e) when (e is DirectoryNotFoundException or UnauthorizedAccessException || (e is IOException && Errno.FromException(e) is Errno.ENOENT or Errno.ENOTDIR))
        {
            return false;
        }

        foreach (string entry in entries)
        {
            string name = Path.GetFileName(entry);
            int dot = name.LastIndexOf('.');
            if (name.StartsWith('.') || dot < 0 || !s_dependencySuffixes.Contains(name[dot..], StringComparer.Ordinal) ||
                !HostFileStatus.TryGet(entry, out HostFileStatus st, out _) || st.Type != FileType.Directory)
            {
                continue;
            }

            try
            {
                if (FindSymlinksInDirectory(info, $"{configPath}/{name}", ignoreDestination: true, matchName, ignoreSameName, configPath, ref sameName))
                {
                    return true;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Upstream logs and goes on with the next dependency directory.
            }
        }

        return FindSymlinksInDirectory(info, configPath, ignoreDestination: false, matchName, ignoreSameName, configPath, ref sameName);
    }

    private bool FindSymlinksInDirectory(UnitFileInfo info, string dirPath, bool ignoreDestination, bool matchName, bool ignoreSameName, string configPath, ref bool sameName)
    {
        foreach (string entry in Directory.EnumerateFileSystemEntries(_layout.ToHost(dirPath)).Take(MaxEntriesPerDirectory))
        {
            string name = Path.GetFileName(entry);
            if (name.StartsWith('.') || !HostFileStatus.TryGet(entry, out HostFileStatus st, out _) || st.Type != FileType.SymbolicLink)
            {
                continue;
            }

            bool foundDestination = false;
            if (!ignoreDestination)
            {
                string? destination = new FileInfo(entry).LinkTarget;
                if (destination is null)
                {
                    continue;
                }

                foundDestination = string.Equals(BaseName(destination), info.Name, StringComparison.Ordinal);
            }

            bool foundPath = (ignoreDestination || !ignoreSameName) && string.Equals(name, info.Name, StringComparison.Ordinal);
            if (!foundPath && ignoreDestination && UnitNames.TryGetTemplate(name) is { } template)
            {
                foundDestination = string.Equals(template, info.Name, StringComparison.Ordinal);
            }

            if (foundPath && foundDestination && dirPath == configPath)
            {
                sameName = true;
            }
            else if ((foundPath || foundDestination) && (!matchName || IsKnownName(info, name)))
            {
                return true;
            }
        }

        return false;
    }

    // is_symlink_with_known_name(): the unit's name, an Alias= name, or the template with its DefaultInstance=.
    private static bool IsKnownName(UnitFileInfo info, string name) =>
        string.Equals(name, info.Name, StringComparison.Ordinal) ||
        info.Install.Aliases.Contains(name, StringComparer.Ordinal) ||
        (info.Install.DefaultInstance is { } instance && UnitNames.IsTemplate(info.Name) &&
            string.Equals(name, UnitNames.ReplaceInstance(info.Name, instance), StringComparison.Ordinal));
}
