// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.Metadata;

namespace Portabled.DissectTool.Metadata;

/// <summary>
/// Reads <see cref="ImageMetadata"/> from an image's file system with the rules the daemon uses
/// (<see cref="Portabled.Dissect.Metadata"/>: the env-file parser, the release file lookup order, the
/// unit search path and names, the size limits), resolving every path inside the image (symlinks
/// included) with <see cref="ImagePathResolver"/>. Like systemd-dissect, a release file systemd cannot
/// parse is left out with systemd's message on <c>log</c>, and the rest is kept.
/// </summary>
internal static class ImageMetadataReader
{
    public static ImageMetadata Read(IReadOnlyFileSystem fs, string imageName, TextWriter log)
    {
        // systemd-dissect's order, which is also the order of its messages.
        string? hostname = ParseHostname(ReadText(fs, "/etc/hostname"));
        string? machineId = ParseMachineId(ReadText(fs, "/etc/machine-id"));
        var machineInfo = ReadEnvFile(fs, ["/etc/machine-info"], "machine-info", log);
        var osRelease = ReadEnvFile(fs, ReleaseFiles.OsReleasePaths, "os-release", log);
        string stem = imageName.EndsWith(".raw", StringComparison.Ordinal) ? imageName[..^4] : imageName;
        var extensionRelease = ReadEnvFile(fs, [ReleaseFiles.ExtensionReleasePath(ReleaseFiles.SysextDirectory, stem)], "extension-release", log);
        return new ImageMetadata
        {
            Hostname = hostname,
            MachineId = machineId,
            MachineInfo = machineInfo,
            OsRelease = osRelease,
            ExtensionRelease = extensionRelease,
            HasInitSystem = ImagePathResolver.TryResolve(fs, "/sbin/init", followFinalSymlink: true, out ResolvedPath init) && init.Node.Type != FileType.Directory,
            UnitFiles = FindUnitFiles(fs),
        };
    }

    // The first of paths that exists, parsed; empty when none does or systemd would refuse it.
    private static IReadOnlyList<KeyValuePair<string, string>> ReadEnvFile(IReadOnlyFileSystem fs, IReadOnlyList<string> paths, string fileName, TextWriter log)
    {
        foreach (string path in paths)
        {
            if (ReadFile(fs, path) is not { } data)
            {
                continue;
            }

            try
            {
                return EnvFile.Parse(data, fileName);
            }
            catch (EnvFileException e)
            {
                // systemd logs invalid UTF-8 and says nothing about a NUL byte; either way the file is left out.
                if (e.Error == EnvFileError.InvalidUtf8)
                {
                    log.WriteLine(e.Message);
                }

                return [];
            }
        }

        return [];
    }

    private static string? ReadText(IReadOnlyFileSystem fs, string path) => ReadFile(fs, path) is { } data ? Encoding.UTF8.GetString(data) : null;

    private static byte[]? ReadFile(IReadOnlyFileSystem fs, string path)
    {
        if (!ImagePathResolver.TryResolve(fs, path, followFinalSymlink: true, out ResolvedPath resolved) || resolved.Node.Type != FileType.RegularFile)
        {
            return null;
        }

        if (resolved.Node.Size > MetadataLimits.MaxReleaseFileSize)
        {
            throw new IOException($"File '{path}' is larger than {MetadataLimits.MaxReleaseFileSize} bytes, refusing.");
        }

        using Stream stream = fs.OpenRead(resolved.Node);
        byte[] buffer = new byte[MetadataLimits.MaxReleaseFileSize + 1];
        int length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return length > MetadataLimits.MaxReleaseFileSize
            ? throw new IOException($"File '{path}' is larger than {MetadataLimits.MaxReleaseFileSize} bytes, refusing.")
            : buffer[..length];
    }

    private static string? ParseHostname(string? text) =>
        text?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && l[0] != '#');

    private static string? ParseMachineId(string? text)
    {
        string? id = text?.Trim().Replace("-", string.Empty, StringComparison.Ordinal);
        return id is { Length: 32 } && id.All(char.IsAsciiHexDigit) && id.Any(c => c != '0') ? id.ToLowerInvariant() : null;
    }

    // The portable unit files the daemon would list: valid names with a portable suffix along the unit
    // search path, first occurrence of a name winning, regular files or links to non-empty regular files.
    private static List<string> FindUnitFiles(IReadOnlyFileSystem fs)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string directory in UnitSearchPath.System)
        {
            if (!ImagePathResolver.TryResolve(fs, directory, followFinalSymlink: true, out ResolvedPath dir) || dir.Node.Type != FileType.Directory)
            {
                continue;
            }

            int entries = 0;
            foreach (DirectoryEntry entry in fs.EnumerateDirectory(dir.Node))
            {
                if (++entries > MetadataLimits.MaxEntriesPerUnitDirectory)
                {
                    throw new IOException($"Unit directory '{directory}' has more than {MetadataLimits.MaxEntriesPerUnitDirectory} entries, refusing.");
                }

                if (!UnitNames.IsValid(entry.Name) || !UnitNames.HasPortableSuffix(entry.Name) || found.Contains(entry.Name)
                    || entry.Node.Type is not (FileType.RegularFile or FileType.SymbolicLink))
                {
                    continue;
                }

                // Symlinks resolve inside the image (docs/image-readers.md, "Paths inside an image"); empty files are skipped.
                if (ImagePathResolver.TryResolve(fs, $"{dir.CanonicalPath}/{entry.Name}", followFinalSymlink: true, out ResolvedPath unit)
                    && unit.Node.Type == FileType.RegularFile && unit.Node.Size > 0)
                {
                    if (found.Count >= MetadataLimits.MaxUnits)
                    {
                        throw new IOException($"More than {MetadataLimits.MaxUnits} unit files, refusing.");
                    }

                    found.Add(entry.Name);
                }
            }
        }

        return [.. found];
    }
}
