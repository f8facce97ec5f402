// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Attach;
using Portabled.Core.Errors;
using Portabled.Core.Versions;
using Portabled.Dissect.FileSystems.HostDirectory;
using Portabled.Dissect.FileSystems;

namespace Portabled.Core;

public sealed partial class PortableManager
{
    /// <summary>
    /// <c>DetachImage*</c> (docs/attach-detach.md, "Detach"): the image is not resolved, so images that are gone can still be
    /// detached. Units whose marker matches the image and the extensions (all of them, in order) are
    /// removed: unit file, profile drop-in, portable drop-in, <c>.d</c> directory, then the image links
    /// and the attached directory when empty. An active unit refuses everything unless forced. Removal
    /// continues after a failure; the first one is thrown at the end as a <see cref="PortableChangesException"/>.
    /// </summary>
    public IReadOnlyList<PortableChange> Detach(string nameOrPath, IReadOnlyList<string> extensions, ulong flags)
    {
        ValidateFlags(flags, (ulong)PortableFlags.PublicMask);
        lock (_changeLock)
        {
            return DetachCore(nameOrPath, extensions, (PortableFlags)flags, reattach: false);
        }
    }

    private List<PortableChange> DetachCore(string nameOrPath, IReadOnlyList<string> extensions, PortableFlags flags, bool reattach) =>
        RemoveAttached(nameOrPath, FindAttached(nameOrPath, extensions, flags, reattach), flags);

    // The units whose marker names exactly these images; NoSuchUnit when there is none, and (unless
    // reattaching or forced) UnitExists when one of them is active.
    private List<AttachedUnit> FindAttached(string nameOrPath, IReadOnlyList<string> extensions, PortableFlags flags, bool reattach)
    {
        string where = _layout.GetAttachedDirectory(flags.HasFlag(PortableFlags.Runtime));
        string[] images = [nameOrPath, .. extensions];
        Func<string, string> imageNames = MarkerImageNames();
        var units = AttachedDirectory.Enumerate(_layout, where, includeDropInOnly: true)
            .Where(u => MarkerMatcher.Matches(_behavior, u.Components, images, matchAll: true, imageNames))
            .ToList();
        if (units.Count == 0)
        {
            // Upstream joins the extensions first and leaves the infix out when that is empty (so
            // [""] reads like no extensions at all, observed).
            string joined = string.Join(", ", extensions);
            string infix = joined.Length == 0 ? string.Empty : "' or any of its extensions '" + joined;
            throw new NoSuchUnitException($"No unit files associated with '{nameOrPath}{infix}' found attached to the system. Image not attached?");
        }

        if (!reattach && !flags.HasFlag(PortableFlags.ForceAttach))
        {
            foreach (AttachedUnit unit in units)
            {
                if (_units.IsActive(unit.Name))
                {
                    throw new UnitExistsException($"Unit file '{unit.Name}' is active, can't detach.");
                }
            }
        }

        return units;
    }

    private List<PortableChange> RemoveAttached(string nameOrPath, List<AttachedUnit> units, PortableFlags flags)
    {
        bool runtime = flags.HasFlag(PortableFlags.Runtime);
        string where = _layout.GetAttachedDirectory(runtime);
        var changes = new List<PortableChange>();
        PortableException? firstError = null;
        void Remove(string logicalPath, bool directory)
        {
            if (TryRemove(logicalPath, directory, out PortableException? error))
            {
                changes.Add(new PortableChange(PortableChangeType.Unlink, logicalPath, string.Empty));
            }

            firstError ??= error;
        }

        foreach (AttachedUnit unit in units)
        {
            Remove($"{where}/{unit.Name}", directory: false);
            Remove($"{where}/{unit.Name}.d/10-profile.conf", directory: false);
            Remove($"{where}/{unit.Name}.d/20-portable.conf", directory: false);
            Remove($"{where}/{unit.Name}.d", directory: true);
        }

        string linkDirectory = _layout.GetPortablesLinkDirectory(runtime);
        foreach (string component in units.SelectMany(u => u.Components).Where(c => c.StartsWith('/')).Distinct(StringComparer.Ordinal))
        {
            string link = $"{linkDirectory}/{Path.GetFileName(component.TrimEnd('/'))}";
            if (RemoveImageLink(link, component))
            {
                changes.Add(new PortableChange(PortableChangeType.Unlink, link, string.Empty));
            }
        }

        // rmdir(): an attached directory that is an admin's symlink stays, as does a non-empty one.
        if (HostFileStatus.TryGet(_layout.ToHost(where), out HostFileStatus whereStatus, out _) && whereStatus.Type == FileType.Directory &&
            TryRemove(where, directory: true, out _))
        {
            changes.Add(new PortableChange(PortableChangeType.Unlink, where, string.Empty));
        }

        Log.Detached(_logger, nameOrPath, changes.Count);
        return firstError is null ? changes : throw new PortableChangesException(firstError, changes);
    }

    // lstat-based removal: a symlink is removed itself, never followed; missing entries are not errors.
    private bool TryRemove(string logicalPath, bool directory, out PortableException? error)
    {
        error = null;
        string host = _layout.ToHost(logicalPath);
        if (!HostFileStatus.TryGet(host, out HostFileStatus st, out _))
        {
            return false;
        }

        try
        {
            if (st.Type == FileType.Directory)
            {
                if (!directory)
                {
                    return false;
                }

                Directory.Delete(host, recursive: false);
            }
            else
            {
                File.Delete(host);
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.RemoveFailed(_logger, logicalPath, e.Message);
            error = new ErrnoException(Errno.FromException(e), null, e);
            return false;
        }
    }

    // docs/attach-detach.md, "Removal": 252 removes the link only when it is a symlink; 262 also removes a mixed-mode copy. A copy is
    // never removed when it is the very image the marker names (an image placed in /etc/portables itself).
    private bool RemoveImageLink(string link, string markerPath)
    {
        string host = _layout.ToHost(link);
        if (!HostFileStatus.TryGet(host, out HostFileStatus st, out _))
        {
            // 262 removes with rm_rf(…, REMOVE_MISSING_OK) and reports the link even when it is
            // already gone (e.g. two markers naming the same link); 252 checks with lstat first (observed).
            return _behavior.ReportsMissingLinksAsRemoved;
        }

        try
        {
            if (st.Type == FileType.SymbolicLink)
            {
                File.Delete(host);
                return true;
            }

            if (!_behavior.RemovesMixedCopies || string.Equals(link, markerPath.TrimEnd('/'), StringComparison.Ordinal))
            {
                return false;
            }

            if (st.Type == FileType.Directory)
            {
                Directory.Delete(host, recursive: true);
            }
            else
            {
                File.Delete(host);
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.RemoveFailed(_logger, link, e.Message);
            return false;
        }
    }
}
