// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;
using Portabled.Dissect.FileSystems;

namespace Portabled.DissectTool.Metadata;

/// <summary>
/// Reads <see cref="ImageMetadata"/> from an image's file system, resolving every path inside the
/// image (symlinks included) with <see cref="ImagePathResolver"/>.
/// </summary>
internal static class ImageMetadataReader
{
    /// <summary>Largest metadata file read (os-release and friends are a few hundred bytes).</summary>
    private const int MaxFileSize = 1 << 20;

    /// <summary>The system unit search path (systemd's lookup paths with split /usr), in priority order.</summary>
    private static readonly string[] s_unitSearchPath =
    [
        "/etc/systemd/system.control", "/run/systemd/system.control", "/run/systemd/transient", "/run/systemd/generator.early",
        "/etc/systemd/system", "/etc/systemd/system.attached", "/run/systemd/system", "/run/systemd/system.attached",
        "/run/systemd/generator", "/usr/local/lib/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/system",
        "/run/systemd/generator.late",
    ];

    private static readonly string[] s_unitSuffixes = [".service", ".socket", ".target", ".timer", ".path"];

    public static ImageMetadata Read(IReadOnlyFileSystem fs, string imageName)
    {
        string? osRelease = ReadText(fs, "/etc/os-release") ?? ReadText(fs, "/usr/lib/os-release");
        string stem = imageName.EndsWith(".raw", StringComparison.Ordinal) ? imageName[..^4] : imageName;
        string? extensionRelease = ReadText(fs, $"/usr/lib/extension-release.d/extension-release.{stem}");
        return new ImageMetadata
        {
            Hostname = ParseHostname(ReadText(fs, "/etc/hostname")),
            MachineId = ParseMachineId(ReadText(fs, "/etc/machine-id")),
            MachineInfo = ReadText(fs, "/etc/machine-info") is { } info ? EnvFileParser.Parse(info) : [],
            OsRelease = osRelease is null ? [] : EnvFileParser.Parse(osRelease),
            ExtensionRelease = extensionRelease is null ? [] : EnvFileParser.Parse(extensionRelease),
            HasInitSystem = ImagePathResolver.TryResolve(fs, "/sbin/init", followFinalSymlink: true, out ResolvedPath init) && init.Node.Type != FileType.Directory,
            UnitFiles = FindUnitFiles(fs),
        };
    }

    private static string? ReadText(IReadOnlyFileSystem fs, string path)
    {
        if (!ImagePathResolver.TryResolve(fs, path, followFinalSymlink: true, out ResolvedPath resolved) || resolved.Node.Type != FileType.RegularFile)
        {
            return null;
        }

        using Stream stream = fs.OpenRead(resolved.Node);
        byte[] buffer = new byte[(int)Math.Min(resolved.Node.Size, MaxFileSize)];
        stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return Encoding.UTF8.GetString(buffer);
    }

    private static string? ParseHostname(string? text) =>
        text?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && l[0] != '#');

    private static string? ParseMachineId(string? text)
    {
        string? id = text?.Trim().Replace("-", string.Empty, StringComparison.Ordinal);
        return id is { Length: 32 } && id.All(char.IsAsciiHexDigit) && id.Any(c => c != '0') ? id.ToLowerInvariant() : null;
    }

    private static List<string> FindUnitFiles(IReadOnlyFileSystem fs)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string directory in s_unitSearchPath)
        {
            if (!ImagePathResolver.TryResolve(fs, directory, followFinalSymlink: true, out ResolvedPath dir) || dir.Node.Type != FileType.Directory)
            {
                continue;
            }

            foreach (DirectoryEntry entry in fs.EnumerateDirectory(dir.Node))
            {
                if (!s_unitSuffixes.Any(s => entry.Name.EndsWith(s, StringComparison.Ordinal)) || !seen.Add(entry.Name)
                    || entry.Node.Type is not (FileType.RegularFile or FileType.SymbolicLink))
                {
                    continue;
                }

                // Symlinks resolve inside the image (docs/image-readers.md, "Paths inside an image"); empty files are skipped.
                if (ImagePathResolver.TryResolve(fs, $"{dir.CanonicalPath}/{entry.Name}", followFinalSymlink: true, out ResolvedPath unit)
                    && unit.Node.Type == FileType.RegularFile && unit.Node.Size > 0)
                {
                    found.Add(entry.Name);
                }
            }
        }

        return [.. found];
    }
}
