// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.FileSystems.HostDirectory;
using Portabled.Dissect.Metadata;

namespace Portabled.Core.Units;

internal sealed partial class UnitFileLookup
{
    private static readonly HashSet<string> s_aliasableTypes = new(StringComparer.Ordinal) { "service", "socket", "target", "device", "timer", "path" };
    private static readonly HashSet<string> s_templatableTypes = new(StringComparer.Ordinal) { "service", "socket", "target", "timer", "path" };

    private UnitFileInfo Add(string name)
    {
        if (!UnitNames.IsValid(name))
        {
            throw new ErrnoException(Errno.EINVAL);
        }

        if (!_infos.TryGetValue(name, out UnitFileInfo? info))
        {
            info = new UnitFileInfo(name);
            _infos.Add(name, info);
        }

        return info;
    }

    // install_info_traverse(): follow links (linked: to the target whatever its name; alias: under the
    // target's name, searched again) until a regular file or a mask.
    private UnitFileInfo Traverse(UnitFileInfo start)
    {
        Search(start);
        UnitFileInfo info = start;
        int followed = 0;
        while (info.Mode is UnitInstallMode.Alias or UnitInstallMode.Linked)
        {
            if (++followed > MaxFollowedLinks)
            {
                throw new ErrnoException(Errno.ELOOP);
            }

            int errno = Follow(info, ignoreDifferentName: info.Mode == UnitInstallMode.Linked);
            if (errno == Errno.EXDEV && info.SymlinkTarget is { } target)
            {
                string next = BaseName(target);
                if (UnitNames.TryGetInstance(info.Name) is { } instance && UnitNames.IsTemplate(next))
                {
                    // foo@x.service → foo@.service: the instance is kept; the same name again is followed as is.
                    next = UnitNames.ReplaceInstance(next, instance);
                    if (next == info.Name)
                    {
                        Check(Follow(info, ignoreDifferentName: true));
                        continue;
                    }
                }

                info = Add(next);
                try
                {
                    Search(info);
                }
                catch (ErrnoException e) when (e.Errno == Errno.ENOENT)
                {
                    throw new ErrnoException(Errno.ENOLINK, null, e);
                }

                continue;
            }

            Check(errno);
        }

        return info;
    }

    private int Follow(UnitFileInfo info, bool ignoreDifferentName)
    {
        string target = info.SymlinkTarget!;
        if (!ignoreDifferentName && !string.Equals(BaseName(target), info.Name, StringComparison.Ordinal))
        {
            return Errno.EXDEV;
        }

        info.Path = target;
        info.SymlinkTarget = null;
        info.Mode = null;
        return Load(info, target);
    }

    // unit_file_search(): the first directory of the search path with an entry of that name (or, for an
    // instance, of its template), then the drop-ins of both names from every directory.
    private void Search(UnitFileInfo info)
    {
        if (info.Mode is not null)
        {
            return;
        }

        string? template = UnitNames.TryGetTemplate(info.Name);
        if (!TrySearchIn(info, info.Name) && (template is null || !TrySearchIn(info, template)))
        {
            throw new ErrnoException(Errno.ENOENT, $"Cannot find unit {info.Name}.");
        }

        if (info.Mode != UnitInstallMode.Masked)
        {
            LoadDropIns(info, template);
        }
    }

    private bool TrySearchIn(UnitFileInfo info, string fileName)
    {
        foreach (string dir in _searchPath)
        {
            string path = $"{dir}/{fileName}";
            int errno = Load(info, path);
            if (errno == 0)
            {
                info.Path = path;
                return true;
            }

            if (errno is not (Errno.ENOENT or Errno.ENOTDIR or Errno.EACCES))
            {
                throw new ErrnoException(errno);
            }
        }

        return false;
    }

    // unit_file_load_or_readlink(): the path itself, never followed; a symlink is read and classified.
    private int Load(UnitFileInfo info, string path)
    {
        if (!HostFileStatus.TryGet(_layout.ToHost(path), out HostFileStatus st, out int errno))
        {
            return errno;
        }

        try
        {
            return Load(info, path, st);
        }
        catch (SymbolicLinkLoopException)
        {
            return Errno.ELOOP;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Errno.FromException(e);
        }
    }

    private int Load(UnitFileInfo info, string path, HostFileStatus st)
    {
        if (IsNullOrEmpty(st))
        {
            info.Mode = UnitInstallMode.Masked;
            return 0;
        }

        switch (st.Type)
        {
            case FileType.SymbolicLink:
                return ReadLink(info, path);
            case FileType.Directory:
                return Errno.EISDIR;
            case FileType.RegularFile:
                info.Install.Parse(ReadBounded(_layout.ToHost(path)), info.Name);
                info.Mode = UnitInstallMode.Regular;
                return 0;
            default:
                return Errno.EBADFD;
        }
    }

    // unit_file_resolve_symlink() with the final destination: the target made absolute and simplified,
    // an alias when it lies in the search path (and is a valid alias name), linked otherwise, masked
    // when it is empty or a character device.
    private int ReadLink(UnitFileInfo info, string path)
    {
        string? raw = new FileInfo(_layout.ToHost(path)).LinkTarget;
        if (string.IsNullOrEmpty(raw))
        {
            return Errno.EINVAL;
        }

        string target = Simplify(raw.StartsWith('/') ? raw : $"{DirectoryName(path)}/{raw}");
        bool alias = _searchPath.Any(dir => IsUnder(target, dir));
        if (alias && ValidateAlias(BaseName(path), BaseName(target)) is var invalid and not 0)
        {
            return invalid;
        }

        info.SymlinkTarget = target;
        info.Mode = IsNullOrEmpty(target) ? UnitInstallMode.Masked : alias ? UnitInstallMode.Alias : UnitInstallMode.Linked;
        return 0;
    }

    // chase(CHASE_NOFOLLOW|CHASE_NONEXISTENT): every component but the last resolved (relative to the
    // root), "." and ".." removed; a missing directory leaves the rest as written.
    private string Simplify(string path)
    {
        string name = BaseName(path);
        string parent = DirectoryName(path);
        if (name is "." or ".." or "")
        {
            return _layout.TryResolve(path, followFinalSymlink: false, out string whole, out _) ? whole : Normalize(path);
        }

        return _layout.TryResolve(parent, followFinalSymlink: true, out string canonical, out _)
            ? (canonical == "/" ? "/" + name : $"{canonical}/{name}")
            : Normalize(path);
    }

    private static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (string part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        return "/" + string.Join('/', parts);
    }

    // unit_validate_alias_symlink_and_warn(): an alias keeps the unit type and the plain/instance/template form.
    private static int ValidateAlias(string source, string target)
    {
        if (!UnitNames.IsValid(source))
        {
            return Errno.EINVAL;
        }

        string type = UnitNames.GetUnitType(source);
        bool sourcePlain = !source.Contains('@');
        if (!s_aliasableTypes.Contains(type) || (!sourcePlain && !s_templatableTypes.Contains(type)))
        {
            return Errno.EINVAL;
        }

        if (!UnitNames.IsValid(target))
        {
            return Errno.EXDEV;
        }

        bool sameForm = UnitNames.IsTemplate(source) == UnitNames.IsTemplate(target) && UnitNames.IsInstance(source) == UnitNames.IsInstance(target);
        if (!sameForm && !(UnitNames.IsInstance(source) && UnitNames.IsTemplate(target)))
        {
            return Errno.EXDEV;
        }

        if (UnitNames.IsInstance(target) && UnitNames.TryGetInstance(source) != UnitNames.TryGetInstance(target))
        {
            return Errno.EXDEV;
        }

        return UnitNames.GetUnitType(target) == type ? 0 : Errno.EXDEV;
    }

    // null_or_empty_path(): the target, followed, is an empty regular file or a character device.
    private bool IsNullOrEmpty(string path)
    {
        return _layout.TryResolve(path, followFinalSymlink: true, out _, out HostDirectoryNode? node) &&
            HostFileStatus.TryGet(node.HostPath, out HostFileStatus st, out _) && IsNullOrEmpty(st);
    }

    // The NAME.d/*.conf (and TEMPLATE.d/*.conf) of every search directory, the first of a file name
    // winning, in name order; each followed and parsed, a dangling or non-regular one failing the lookup.
    private void LoadDropIns(UnitFileInfo info, string? template)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        IEnumerable<string> names = template is null ? [info.Name] : [info.Name, template];
        foreach (string dir in names.SelectMany(n => _searchPath.Select(d => $"{d}/{n}.d")))
        {
            if (!_layout.TryResolve(dir, followFinalSymlink: true, out _, out HostDirectoryNode? node) || node.Type != FileType.Directory)
            {
                continue;
            }

            foreach (string entry in Directory.EnumerateFileSystemEntries(node.HostPath).Take(MaxEntriesPerDirectory))
            {
                string file = Path.GetFileName(entry);
                if (file.EndsWith(".conf", StringComparison.Ordinal) && !file.StartsWith('.'))
                {
                    files.TryAdd(file, $"{dir}/{file}");
                }
            }
        }

        foreach (string path in files.Values)
        {
            Check(LoadDropIn(info, path));
        }
    }

    private int LoadDropIn(UnitFileInfo info, string path)
    {
        try
        {
            return _layout.TryResolve(path, followFinalSymlink: true, out _, out HostDirectoryNode? node) ? LoadDropIn(info, node) : Errno.ENOENT;
        }
        catch (SymbolicLinkLoopException)
        {
            return Errno.ELOOP;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Errno.FromException(e);
        }
    }

    private static int LoadDropIn(UnitFileInfo info, HostDirectoryNode node)
    {
        if (!HostFileStatus.TryGet(node.HostPath, out HostFileStatus st, out int errno))
        {
            return errno;
        }

        if (IsNullOrEmpty(st))
        {
            return 0;
        }

        if (st.Type != FileType.RegularFile)
        {
            return st.Type == FileType.Directory ? Errno.EISDIR : Errno.EBADFD;
        }

        info.Install.Parse(ReadBounded(node.HostPath), info.Name);
        return 0;
    }

    private static byte[] ReadBounded(string hostPath)
    {
        using var stream = new FileStream(hostPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
        if (stream.Length > MaxFileSize)
        {
            throw new ErrnoException(Errno.EFBIG, $"Unit file '{hostPath}' is larger than {MaxFileSize} bytes, refusing.");
        }

        var data = new byte[stream.Length];
        stream.ReadExactly(data);
        return data;
    }

    private static void Check(int errno)
    {
        if (errno != 0)
        {
            throw new ErrnoException(errno);
        }
    }
}
