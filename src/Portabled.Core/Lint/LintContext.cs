// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Host;
using Portabled.Core.Images;
using Portabled.Core.Metadata;
using Portabled.Core.Opening;
using Portabled.Core.Versions;
using Portabled.Dissect;
using Portabled.Dissect.FileSystems;

namespace Portabled.Core.Lint;

/// <summary>What the check families share while one request is linted: the opened root, what was read so far, and the findings.</summary>
internal sealed class LintContext
{
    private readonly List<LintFinding> _findings = [];

    public LintContext(LintRequest request, HostLayout layout, UpstreamBehavior behavior, PortableImage root, OpenedImage opened)
    {
        Request = request;
        Layout = layout;
        Behavior = behavior;
        Root = root;
        Opened = opened;
    }

    public LintRequest Request { get; }

    public HostLayout Layout { get; }

    public UpstreamBehavior Behavior { get; }

    public PortableImage Root { get; }

    public OpenedImage Opened { get; }

    public IReadOnlyFileSystem FileSystem => Opened.FileSystem;

    /// <summary>Whether PID 1 mounts the root read-only: raw and block images are (observed with 252, squashfs and ext4 alike).</summary>
    public bool IsReadOnlyRoot => Root.Type is PortableImageType.Raw or PortableImageType.Block;

    /// <summary>The root's parsed os-release, once read (empty when it has none or does not parse).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> OsRelease { get; set; } = [];

    /// <summary>The extensions' parsed extension-release files, in order (empty for one that has none).</summary>
    public List<IReadOnlyList<KeyValuePair<string, string>>> ExtensionReleases { get; } = [];

    /// <summary>The extensions opened, in order (disposed by the linter).</summary>
    public List<OpenedImage> Extensions { get; } = [];

    /// <summary>The unit files that would be attached.</summary>
    public List<ExtractedUnit> Units { get; } = [];

    public IReadOnlyList<LintFinding> Findings => _findings;

    public void Add(LintCheck check, string subject, string message) => _findings.Add(new LintFinding(check, subject, message));

    /// <summary>Whether <paramref name="path"/> exists in the root image (a symlink counts, dangling or not).</summary>
    public bool Exists(string path)
    {
        try
        {
            return ImagePathResolver.TryResolve(FileSystem, path, followFinalSymlink: false, out _);
        }
        catch (SymbolicLinkLoopException)
        {
            return false;
        }
    }

    /// <summary>
    /// The node at <paramref name="path"/> after symlinks as the service sees it: in the last extension
    /// that has it (extensions are overlaid on the root in order), else in the root; or null.
    /// </summary>
    public (IReadOnlyFileSystem FileSystem, FileSystemNode Node)? Resolve(string path)
    {
        foreach (IReadOnlyFileSystem fs in Extensions.Select(e => e.FileSystem).Reverse().Append(FileSystem))
        {
            try
            {
                if (ImagePathResolver.TryResolve(fs, path, followFinalSymlink: true, out ResolvedPath resolved))
                {
                    return (fs, resolved.Node);
                }
            }
            catch (SymbolicLinkLoopException)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>Up to <paramref name="limit"/> bytes from the start of a regular file.</summary>
    public static byte[] ReadHead(IReadOnlyFileSystem fileSystem, FileSystemNode node, int limit)
    {
        using Stream stream = fileSystem.OpenRead(node);
        var buffer = new byte[(int)Math.Min(Math.Max(node.Size, 0), limit)];
        int total = 0, read;
        while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += read;
        }

        return total == buffer.Length ? buffer : buffer[..total];
    }
}
