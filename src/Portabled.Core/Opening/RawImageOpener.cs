// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core.Host;
using Portabled.Core.Images;
using Portabled.Core.Versions;
using Portabled.Dissect.Dissection;
using Portabled.Dissect.FileSystems.HostDirectory;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.Verity;
using Portabled.Dissect;

namespace Portabled.Core.Opening;

/// <summary>
/// Opens raw (<c>.raw</c> files) and block images in userspace (docs/attach-detach.md, "Extraction"): dissected like upstream's
/// portable_extract_by_path() (naked file system or GPT/MBR with the Discoverable Partitions rules,
/// the host's architecture preferred but foreign ones accepted, usr-only images allowed), the root
/// file system (with the usr partition on <c>/usr</c>) read by the Dissect readers, nothing
/// mounted. With 262's behaviour the image's verity settings are loaded as upstream loads them, and
/// what upstream would leave to dm-verity is checked here: the root hash signature against the
/// verity.d certificates of the host (under the layout's root), then every block read against the
/// hash tree (docs/image-readers.md, "dm-verity"). What the readers throw is left to the caller,
/// which knows the context of the error (<see cref="ImageErrorMap"/>).
/// </summary>
public sealed class RawImageOpener : IImageOpener
{
    private readonly HostLayout _layout;
    private readonly DissectionOptions _options;

    /// <summary>Creates the opener for images of <paramref name="layout"/>, dissected as <paramref name="behavior"/> (default 262) does.</summary>
    public RawImageOpener(HostLayout layout, UpstreamBehavior? behavior = null)
    {
        _layout = layout;
        bool verity = (behavior ?? UpstreamBehavior.V262).LoadsVerity;
        _options = new DissectionOptions
        {
            Architecture = DpsArchitecture.Host,
            UseVeritySidecars = verity,
            UseVeritySignaturePartition = verity,
            GuessVerityRootHash = verity,
            CheckVerity = verity,
            VerityCertificateRoot = layout.Root,
        };
    }

    /// <inheritdoc />
    /// <exception cref="IOException">The readers' exceptions: <see cref="InvalidImageException"/>, <see cref="DissectionException"/>, I/O errors.</exception>
    /// <exception cref="UnsupportedImageException">A file system or feature the readers do not support.</exception>
    public OpenedImage Open(PortableImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (!_layout.TryResolve(image.Path, true, out _, out HostDirectoryNode? node) ||
            node.Type is not (FileType.RegularFile or FileType.BlockDevice))
        {
            throw new ErrnoException(Errno.ENOENT);
        }

        DissectedImage? dissected = null;
        try
        {
            dissected = DissectedImage.Open(node.HostPath, _options);
            IReadOnlyFileSystem fs = dissected.OpenRootFileSystem();
            var opened = new OpenedImage(fs, ImagePolicy.FromDissected(dissected), dissected) { IsUsrOnly = dissected.Root is null };
            dissected = null;
            return opened;
        }
        finally
        {
            dissected?.Dispose();
        }
    }
}
