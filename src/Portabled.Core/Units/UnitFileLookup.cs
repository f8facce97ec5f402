// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core.Host;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.FileSystems.HostDirectory;
using Portabled.Dissect.Metadata;

namespace Portabled.Core.Units;

/// <summary>
/// The state of a unit file on the host, decided the way systemd's install logic decides it
/// (unit_file_lookup_state(), system scope; docs/unit-file-state.md): the name is searched in the
/// unit search path, symlinks are followed — a link whose target is outside the search path is a
/// <em>linked</em> file and its target's name does not matter, a link into the search path is an
/// <em>alias</em> and continues under the target's name — until a regular file or a mask is reached.
/// A name that ends at a file of another name is an alias; otherwise links to it in the configuration
/// and runtime directories, and its [Install] section, give the state. Errors (a dangling link, a
/// directory, a loop) are thrown as <see cref="ErrnoException"/>, as upstream returns them.
/// Paths are logical (<see cref="HostLayout"/>); link targets are resolved relative to the root.
/// </summary>
internal sealed partial class UnitFileLookup
{
    /// <summary>Links followed from one name before giving up with ELOOP (UNIT_FILE_FOLLOW_SYMLINK_MAX).</summary>
    public const int MaxFollowedLinks = 64;

    /// <summary>Largest unit file or drop-in read for its [Install] section.</summary>
    public const int MaxFileSize = 1024 * 1024;

    /// <summary>Entries looked at per directory (the rest count as absent).</summary>
    public const int MaxEntriesPerDirectory = 65536;

    private readonly HostLayout _layout;
    private readonly IReadOnlyList<string> _searchPath;
    private readonly Dictionary<string, UnitFileInfo> _infos = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<UnitDirectoryEntry>?> _listings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _linkTargets = new(StringComparer.Ordinal);
    private readonly string _persistentConfig;
    private readonly string _transient;
    private readonly IReadOnlyList<string> _generators;
    private readonly string _runtime;

    private UnitFileLookup(HostLayout layout)
    {
        _layout = layout;
        _searchPath = layout.UnitSearchPath;
        _persistentConfig = layout.Scope.PersistentConfigDirectory;
        _transient = layout.Scope.TransientDirectory;
        _generators = layout.Scope.GeneratorDirectories;
        _runtime = layout.Scope.RuntimeDirectory;
    }

    /// <summary>The state of unit <paramref name="name"/>; throws <see cref="ErrnoException"/> when it cannot be determined.</summary>
    public static UnitFileState GetState(HostLayout layout, string name) => new UnitFileLookup(layout).LookupState(name);

    private UnitFileState LookupState(string name)
    {
        if (!UnitNames.IsValid(name))
        {
            throw new ErrnoException(Errno.EINVAL);
        }

        UnitFileInfo info = Traverse(Add(name));
        string path = info.Path!;
        if (info.Mode == UnitInstallMode.Masked)
        {
            return IsRuntime(path) ? UnitFileState.MaskedRuntime : UnitFileState.Masked;
        }

        if (!string.Equals(name, BaseName(path), StringComparison.Ordinal) && !UnitNames.IsInstance(info.Name))
        {
            return UnitFileState.Alias;
        }

        string parent = DirectoryName(path);
        if (_generators.Contains(parent, StringComparer.Ordinal))
        {
            return UnitFileState.Generated;
        }

        if (parent == _transient)
        {
            return UnitFileState.Transient;
        }

        // Links made under the names [Install] would create first; then any link to it at all.
        if (FindSymlinksInScope(info, matchName: true) is { } state)
        {
            return state;
        }

        if (FindSymlinksInScope(info, matchName: false) is not null)
        {
            return UnitFileState.Indirect;
        }

        return info.Install.HasRules ? UnitFileState.Disabled : info.Install.HasAlso ? UnitFileState.Indirect : UnitFileState.Static;
    }

    // Everything under /run (user scope: XDG_RUNTIME_DIR) counts as runtime (the runtime config,
    // control, transient and generator directories are all there).
    private bool IsRuntime(string path) => IsUnder(path, _runtime);

    private static bool IsUnder(string path, string directory) =>
        path == directory || (path.StartsWith(directory, StringComparison.Ordinal) && path.Length > directory.Length && path[directory.Length] == '/');

    private static string BaseName(string path) => Path.GetFileName(path);

    private static string DirectoryName(string path) => Path.GetDirectoryName(path) ?? "/";

    // null_or_empty(): what counts as a mask, for unit files and drop-ins alike.
    private static bool IsNullOrEmpty(in HostFileStatus st) => st.Type == FileType.CharacterDevice || (st.Type == FileType.RegularFile && st.Size == 0);
}
