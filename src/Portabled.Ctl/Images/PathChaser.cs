// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Ctl.Interop;

namespace Portabled.Ctl.Images;

/// <summary>
/// Makes a path absolute with every symlink resolved, the way systemd's chase() does for
/// portablectl (CHASE_TRAIL_SLASH, and CHASE_NONEXISTENT where a missing path is fine): relative
/// to the working directory, "." dropped, ".." taken after resolving, at most 32 symlinks, a
/// trailing slash kept, and with CHASE_NONEXISTENT the part from the first missing component on
/// appended as given.
/// </summary>
internal static class PathChaser
{
    private const int MaxSymlinks = 32;
    private const int SIfMt = 0xF000;
    private const int SIfLnk = 0xA000;
    private const int SIfDir = 0x4000;

    /// <summary>The resolved path, or null with the errno.</summary>
    public static string? Chase(string path, bool allowMissing, out int errno)
    {
        errno = 0;
        if (path.Length == 0)
        {
            errno = Errno.EINVAL;
            return null;
        }

        string start = path[0] == '/' ? path : Environment.CurrentDirectory.TrimEnd('/') + "/" + path;
        var todo = new LinkedList<string>(start.Split('/', StringSplitOptions.RemoveEmptyEntries));
        string done = string.Empty;
        int links = 0;
        while (todo.First is { } node)
        {
            string c = node.Value;
            todo.RemoveFirst();
            if (c == ".")
            {
                continue;
            }

            if (c == "..")
            {
                done = done.Length == 0 ? done : done[..done.LastIndexOf('/')];
                continue;
            }

            string candidate = done + "/" + c;
            int mode = LibC.LStatMode(candidate);
            if (mode < 0)
            {
                // The rest cannot be resolved, only appended: ".." in it has no directory to leave.
                if (-mode == Errno.ENOENT && allowMissing && !todo.Contains(".."))
                {
                    string rest = string.Join('/', todo.Where(t => t != "."));
                    string missing = rest.Length == 0 ? candidate : candidate + "/" + rest;
                    return path.EndsWith('/') ? missing + "/" : missing;
                }

                errno = -mode;
                return null;
            }

            if ((mode & SIfMt) == SIfLnk)
            {
                if (++links > MaxSymlinks)
                {
                    errno = Errno.ELOOP;
                    return null;
                }

                string? target = LibC.ReadLinkTarget(candidate, out errno);
                if (target is null)
                {
                    return null;
                }

                if (target.StartsWith('/'))
                {
                    done = string.Empty;
                }

                foreach (string part in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
                {
                    todo.AddFirst(part);
                }

                continue;
            }

            if (todo.Count > 0 && (mode & SIfMt) != SIfDir)
            {
                errno = Errno.ENOTDIR;
                return null;
            }

            done = candidate;
        }

        string result = done.Length == 0 ? "/" : done;
        return path.EndsWith('/') && result != "/" ? result + "/" : result;
    }
}
