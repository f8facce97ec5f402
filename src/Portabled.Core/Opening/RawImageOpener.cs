// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core.Host;
using Portabled.Core.Images;
using Portabled.Dissect.Dissection;
using Portabled.Dissect.FileSystems.HostDirectory;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect;

namespace Portabled.Core.Opening;

/// <summary>
/// Opens raw (<c>.raw</c> files) and block images in userspace (docs/attach-detach.md, "Extraction"): dissected like upstream's
/// portable_extract_by_path() (naked file system or GPT/MBR with the Discoverable Partitions rules,
/// the host's architecture preferred but foreign ones accepted, usr-only images allowed), the root
/// file system (with the usr partition on <c>/usr</c>) read by the Dissect readers, nothing
/// mounted. Dissection failures become upstream's messages.
/// </summary>
public sealed class RawImageOpener : IImageOpener
{
    private readonly HostLayout _layout;

    /// <summary>Creates the opener for images of <paramref name="layout"/>.</summary>
    public RawImageOpener(HostLayout layout)
    {
        _layout = layout;
    }

    /// <inheritdoc />
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
            dissected = DissectedImage.Open(node.HostPath, new DissectionOptions { Architecture = DpsArchitecture.Host });
            IReadOnlyFileSystem fs = dissected.OpenRootFileSystem();
            var opened = new OpenedImage(fs, ImagePolicy.FromDissected(dissected), dissected) { IsUsrOnly = dissected.Root is null };
            dissected = null;
            return opened;
        }
        catch (DissectionException e)
        {
            throw Translate(image.Path, e);
        }
        catch (UnsupportedImageException e)
        {
            throw new ErrnoException(Errno.EPROTONOSUPPORT, $"Image '{image.Path}' uses a file system that cannot be read: {e.Message}", e);
        }
        catch (InvalidImageException e)
        {
            throw new ErrnoException(Errno.EUCLEAN, $"Image '{image.Path}' is corrupt: {e.Message}", e);
        }
        catch (IOException e)
        {
            int errno = Errno.FromException(e);
            throw new ErrnoException(errno, $"Failed to open image '{image.Path}': {Errno.ToMessage(errno)}", e);
        }
        finally
        {
            dissected?.Dispose();
        }
    }

    /// <summary>Upstream's error for a dissection failure of <paramref name="path"/> (portable_extract_by_path()), with the shared message.</summary>
    internal static PortableException Translate(string path, DissectionException e) => e.Error switch
    {
        DissectionError.NoUsrMountPoint => new ErrnoException(Errno.ENOENT, DissectionMessages.For(e.Error, path), e),
        DissectionError.NoPartitionTableOrFileSystem or DissectionError.NoSuitableRootPartition or DissectionError.MultipleSuitableRootPartitions
            or DissectionError.NoRootPartitionForRootHash => new InvalidArgumentsException(DissectionMessages.For(e.Error, path)),
        _ => new ErrnoException(Errno.EINVAL, $"Failed to dissect image '{path}': {e.Message}", e),
    };
}
