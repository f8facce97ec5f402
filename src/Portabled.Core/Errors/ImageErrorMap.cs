// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect;
using Portabled.Dissect.Compression;
using Portabled.Dissect.Dissection;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.Verity;

namespace Portabled.Core.Errors;

/// <summary>
/// The one translation of what goes wrong while Core reads an image (Portabled.Dissect's exceptions
/// and I/O errors of the image file) into upstream's errors, by exception type. Every place that
/// opens or reads an image uses it, so the same corrupt image gives the same error whether it fails
/// while being opened or later while a file in it is read. Two contexts, as upstream has them:
/// <see cref="Translate"/> for extraction (<c>GetImageMetadata*</c>, attach), and
/// <see cref="TranslateMetadata"/> for <c>GetImageOSRelease</c> (image_read_metadata(), whose caller
/// says <c>Failed to read image metadata: %m</c>).
/// </summary>
public static class ImageErrorMap
{
    /// <summary>Whether <paramref name="e"/> is a failure of reading an image that this map translates.</summary>
    public static bool IsImageFailure(Exception e) => e is IOException or UnauthorizedAccessException or UnsupportedImageException;

    /// <summary>
    /// The error for a failure while extracting from the image at <paramref name="imagePath"/>:
    /// upstream's dissection messages, EPROTONOSUPPORT for what the readers cannot read, EUCLEAN
    /// (EFSCORRUPTED, what the kernel says about a corrupt file system) for corrupt data, ELOOP for a
    /// symlink loop inside the image, the errno of an I/O error.
    /// </summary>
    public static PortableException Translate(string imagePath, Exception e) => e switch
    {
        PortableException p => p,
        DissectionException d => TranslateDissection(imagePath, d),
        // Upstream refuses to activate the volume and returns the bare errno (ENOKEY, or EINVAL for unparsable PKCS#7).
        VeritySignatureException => new ErrnoException(e.HResult, null, e),
        // Where dm-verity fails the read with EIO; the message names the block.
        VerityMismatchException => new ErrnoException(Errno.EIO, $"Failed to read image '{imagePath}': {e.Message}", e),
        UnsupportedImageException => new ErrnoException(Errno.EPROTONOSUPPORT, $"Image '{imagePath}' uses a file system that cannot be read: {e.Message}", e),
        InvalidImageException or DecompressionException => new ErrnoException(Errno.EUCLEAN, $"Image '{imagePath}' is corrupt: {e.Message}", e),
        SymbolicLinkLoopException loop => new ErrnoException(Errno.ELOOP, $"Too many levels of symbolic links while resolving '{loop.Path}' in image '{imagePath}'.", e),
        _ => new ErrnoException(ErrnoOf(e), $"Failed to read image '{imagePath}': {Errno.ToMessage(ErrnoOf(e))}", e),
    };

    /// <summary>
    /// The error of <c>GetImageOSRelease</c> for the same failures: only the errno survives there
    /// (observed: an empty raw file is <c>System.Error.ENOPKG</c>, "Failed to read image metadata:
    /// Package not installed").
    /// </summary>
    public static ErrnoException TranslateMetadata(Exception e)
    {
        int errno = ErrnoOf(e);
        return new ErrnoException(errno, "Failed to read image metadata: " + Errno.ToMessage(errno), e);
    }

    /// <summary>The errno behind a failure: dissection errors carry upstream's, the readers' own map as above.</summary>
    public static int ErrnoOf(Exception e) => e switch
    {
        ErrnoException errno => errno.Errno,
        DissectionException d => d.Error switch
        {
            DissectionError.NoPartitionTableOrFileSystem => Errno.ENOPKG,
            DissectionError.NoSuitableRootPartition => Errno.ENXIO,
            DissectionError.MultipleSuitableRootPartitions => Errno.ENOTUNIQ,
            DissectionError.ExternalVerityWithPartitionTable => Errno.EBADR,
            DissectionError.VeritySignatureMissing => Errno.ENODATA,
            DissectionError.VeritySignatureInvalid => Errno.EINVAL,
            DissectionError.VeritySignatureTooLarge => Errno.EFBIG,
            _ => Errno.EADDRNOTAVAIL,
        },
        UnsupportedImageException => Errno.EPROTONOSUPPORT,
        VerityMismatchException => Errno.EIO,
        VeritySignatureException => e.HResult,
        InvalidImageException or DecompressionException => Errno.EUCLEAN,
        PortableException => Errno.EINVAL,
        _ => Errno.FromException(e),
    };

    // portable_extract_by_path()'s answers for what dissect_image() refuses, with the one message text
    // portabled-dissect gives too (DissectionMessages).
    private static PortableException TranslateDissection(string path, DissectionException e) => e.Error switch
    {
        DissectionError.NoUsrMountPoint => new ErrnoException(Errno.ENOENT, DissectionMessages.For(e.Error, path), e),
        DissectionError.NoPartitionTableOrFileSystem or DissectionError.NoSuitableRootPartition or DissectionError.MultipleSuitableRootPartitions
            or DissectionError.NoRootPartitionForRootHash => new InvalidArgumentsException(DissectionMessages.For(e.Error, path)),
        // Bare errnos upstream (verity_settings_load(), dissected_image_load_verity_sig_partition()); observed with 262.
        DissectionError.ExternalVerityWithPartitionTable => new ErrnoException(Errno.EBADR, null, e),
        DissectionError.VeritySignatureMissing => new ErrnoException(Errno.ENODATA, null, e),
        DissectionError.VeritySignatureInvalid => new ErrnoException(Errno.EINVAL, null, e),
        DissectionError.VeritySignatureTooLarge => new ErrnoException(Errno.EFBIG, null, e),
        _ => new ErrnoException(Errno.EINVAL, $"Failed to dissect image '{path}': {e.Message}", e),
    };
}
