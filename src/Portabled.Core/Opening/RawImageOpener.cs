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
/// Opens raw (<c>.raw</c> files) and block images in userspace (§3.2): dissected like upstream's
/// portable_extract_by_path() (naked file system or GPT/MBR with the Discoverable Partitions rules,
/// the host's architecture preferred but foreign ones accepted, usr-only images allowed), the root
/// file system (with the usr partition on <c>/usr</c>) read by the Dissect readers, nothing
/// mounted. Dissection failures become upstream's messages. With 262's behaviour the image's verity
/// settings are loaded as upstream loads them, and what upstream would leave to dm-verity is checked
/// here: the root hash signature against the verity.d certificates of the host (under the layout's
/// root), then every block read against the hash tree (docs/image-readers.md, "dm-verity").
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
        catch (DissectionException e)
        {
            throw Translate(image.Path, e);
        }
        catch (VeritySignatureException e)
        {
            // Upstream refuses to activate the volume and returns the bare errno (ENOKEY, or EINVAL for unparsable PKCS#7).
            throw new ErrnoException(e.HResult, null, e);
        }
        catch (VerityMismatchException e)
        {
            // Where dm-verity fails the read with EIO; the message names the block.
            throw new ErrnoException(Errno.EIO, $"Failed to read image '{image.Path}': {e.Message}", e);
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

    /// <summary>Upstream's message for a dissection failure of <paramref name="path"/> (portable_extract_by_path()).</summary>
    internal static PortableException Translate(string path, DissectionException e) => e.Error switch
    {
        DissectionError.NoPartitionTableOrFileSystem => new InvalidArgumentsException($"Couldn't identify a suitable partition table or file system in '{path}'."),
        DissectionError.NoSuitableRootPartition => new InvalidArgumentsException($"No suitable root partition found in image '{path}'."),
        DissectionError.MultipleSuitableRootPartitions => new InvalidArgumentsException($"Multiple suitable root partitions found in image '{path}'."),
        DissectionError.NoRootPartitionForRootHash => new InvalidArgumentsException($"No root partition for specified root hash found in '{path}'."),
        // Bare errnos upstream (verity_settings_load(), dissected_image_load_verity_sig_partition()); observed with 262.
        DissectionError.ExternalVerityWithPartitionTable => new ErrnoException(Errno.EBADR, null, e),
        DissectionError.VeritySignatureMissing => new ErrnoException(Errno.ENODATA, null, e),
        DissectionError.VeritySignatureInvalid => new ErrnoException(Errno.EINVAL, null, e),
        DissectionError.VeritySignatureTooLarge => new ErrnoException(Errno.EFBIG, null, e),
        _ => new ErrnoException(Errno.EINVAL, $"Failed to dissect image '{path}': {e.Message}", e),
    };
}
