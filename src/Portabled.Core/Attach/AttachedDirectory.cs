// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;
using Portabled.Core.Errors;
using Portabled.Core.Host;
using Portabled.Dissect.FileSystems.HostDirectory;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.Metadata;

namespace Portabled.Core.Attach;

/// <summary>
/// Reads an attached directory (<c>/etc/systemd/system.attached</c> or its /run twin): which units
/// carry a portable marker (docs/attach-detach.md, "Markers", "State"). The directory itself may be a
/// symlink (followed, as upstream); nothing here follows a symlink inside it: entries are lstat'ed, and
/// the drop-in is only read when it is a regular file.
/// </summary>
internal static class AttachedDirectory
{
    /// <summary>Entries looked at in an attached directory.</summary>
    public const int MaxEntries = 65536;

    /// <summary>Longest first line read from a drop-in.</summary>
    public const int MaxMarkerLineLength = 16384;

    /// <summary>
    /// The units with a marker. With <paramref name="includeDropInOnly"/> (detach) a <c>X.d</c> entry
    /// stands for unit X even when the unit file itself is gone; otherwise (state) only unit files
    /// and symlinks count. Sorted by name.
    /// </summary>
    public static IReadOnlyList<AttachedUnit> Enumerate(HostLayout layout, string attachedDirectory, bool includeDropInOnly)
    {
        var units = new SortedDictionary<string, AttachedUnit>(StringComparer.Ordinal);
        string hostDir = layout.ToHost(attachedDirectory);
        if (!HostFileStatus.TryGet(hostDir, out HostFileStatus dirStatus, out _))
        {
            return [];
        }

        // The directory itself is opened like upstream's opendir(): through a symlink; a dangling one is
        // missing, anything else that is not a directory fails (observed: "Not a directory").
        if (!Directory.Exists(hostDir))
        {
            return dirStatus.Type == FileType.SymbolicLink && HostLayout.IsDangling(hostDir) ? [] : throw new ErrnoException(Errno.ENOTDIR);
        }

        foreach (string entry in Directory.EnumerateFileSystemEntries(hostDir).Take(MaxEntries))
        {
            string fileName = Path.GetFileName(entry);
            if (!HostFileStatus.TryGet(entry, out HostFileStatus st, out _))
            {
                continue;
            }

            string unit;
            if (fileName.EndsWith(".d", StringComparison.Ordinal) && st.Type is FileType.Directory or FileType.SymbolicLink)
            {
                if (!includeDropInOnly)
                {
                    continue;
                }

                unit = fileName[..^2];
            }
            else if (st.Type is FileType.RegularFile or FileType.SymbolicLink)
            {
                unit = fileName;
            }
            else
            {
                continue;
            }

            if (!UnitNames.IsValid(unit) || units.ContainsKey(unit))
            {
                continue;
            }

            string? marker = ReadMarker(Path.Join(hostDir, unit + ".d", "20-portable.conf"));
            if (marker is not null)
            {
                units.Add(unit, new AttachedUnit(unit, Marker.Split(marker)));
            }
        }

        return [.. units.Values];
    }

    /// <summary>The marker of a drop-in file (host path), or null when absent or not a marker.</summary>
    public static string? ReadMarker(string hostDropInPath)
    {
        string? dropInDir = Path.GetDirectoryName(hostDropInPath);
        if (dropInDir is null || !HostFileStatus.TryGet(dropInDir, out HostFileStatus dirStatus, out _) || dirStatus.Type != FileType.Directory ||
            !HostFileStatus.TryGet(hostDropInPath, out HostFileStatus st, out _) || st.Type != FileType.RegularFile)
        {
            return null;
        }

        try
        {
            using var stream = new FileStream(hostDropInPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
            var buffer = new byte[MaxMarkerLineLength];
            int total = 0;
            int read;
            while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += read;
            }

            int newline = Array.IndexOf(buffer, (byte)'\n', 0, total);
            string line = Encoding.UTF8.GetString(buffer, 0, newline >= 0 ? newline : total);
            return Marker.TryParseLine(line);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
