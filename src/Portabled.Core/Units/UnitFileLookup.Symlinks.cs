// SPDX-License-Identifier: LGPL-2.1-or-later
using System.IO.Enumeration;
using Portabled.Dissect.Metadata;

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
                if (dir == _persistentConfig)
                {
                    return UnitFileState.Enabled;
                }

                enabledRuntime |= IsRuntime(dir);
                enabledElsewhere |= !IsRuntime(dir);
            }
            else if (sameName)
            {
                sameNameConfig |= dir == _persistentConfig;
                sameNameRuntime |= dir != _persistentConfig && IsRuntime(dir);
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
        if (List(configPath) is not { } entries)
        {
            return false;
        }

        foreach (UnitDirectoryEntry entry in entries)
        {
            int dot = entry.Name.LastIndexOf('.');
            if (!entry.IsDirectory || dot < 0 || !s_dependencySuffixes.Contains(entry.Name[dot..], StringComparer.Ordinal))
            {
                continue;
            }

            // A dependency directory that cannot be read is skipped (upstream logs and goes on).
            string dependencies = $"{configPath}/{entry.Name}";
            if (List(dependencies) is { } links &&
                FindSymlinksInDirectory(info, dependencies, links, ignoreDestination: true, matchName, ignoreSameName, configPath, ref sameName))
            {
                return true;
            }
        }

        return FindSymlinksInDirectory(info, configPath, entries, ignoreDestination: false, matchName, ignoreSameName, configPath, ref sameName);
    }

    private bool FindSymlinksInDirectory(UnitFileInfo info, string dirPath, List<UnitDirectoryEntry> entries, bool ignoreDestination, bool matchName, bool ignoreSameName,
        string configPath, ref bool sameName)
    {
        foreach (UnitDirectoryEntry entry in entries)
        {
            if (!entry.IsSymbolicLink)
            {
                continue;
            }

            string name = entry.Name;
            bool foundDestination = false;
            if (!ignoreDestination)
            {
                if (ReadLinkTarget($"{dirPath}/{name}") is not { } destination)
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

    // readdir() with d_type, hidden entries left out as upstream's FOREACH_DIRENT does; null when the
    // directory cannot be opened. Both passes of a lookup scan the same directories: listed once.
    private List<UnitDirectoryEntry>? List(string logicalDirectory)
    {
        if (_listings.TryGetValue(logicalDirectory, out List<UnitDirectoryEntry>? cached))
        {
            return cached;
        }

        List<UnitDirectoryEntry>? entries;
        try
        {
            var options = new EnumerationOptions { AttributesToSkip = FileAttributes.Hidden, IgnoreInaccessible = false, RecurseSubdirectories = false };
            entries = [.. new FileSystemEnumerable<UnitDirectoryEntry>(_layout.ToHost(logicalDirectory),
                (ref FileSystemEntry e) => new UnitDirectoryEntry(e.FileName.ToString(), (e.Attributes & FileAttributes.ReparsePoint) != 0, e.IsDirectory), options)
                .Take(MaxEntriesPerDirectory)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            entries = null;
        }

        _listings[logicalDirectory] = entries;
        return entries;
    }

    private string? ReadLinkTarget(string logicalPath)
    {
        if (!_linkTargets.TryGetValue(logicalPath, out string? target))
        {
            try
            {
                target = new FileInfo(_layout.ToHost(logicalPath)).LinkTarget;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                target = null;
            }

            _linkTargets[logicalPath] = target;
        }

        return target;
    }

    // is_symlink_with_known_name(): the unit's name, an Alias= name, or the template with its DefaultInstance=.
    private static bool IsKnownName(UnitFileInfo info, string name) =>
        string.Equals(name, info.Name, StringComparison.Ordinal) ||
        info.Install.Aliases.Contains(name, StringComparer.Ordinal) ||
        (info.Install.DefaultInstance is { } instance && UnitNames.IsTemplate(info.Name) &&
            string.Equals(name, UnitNames.ReplaceInstance(info.Name, instance), StringComparison.Ordinal));
}
