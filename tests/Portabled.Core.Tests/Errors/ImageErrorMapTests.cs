// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers.Binary;
using Portabled.Core.Errors;
using Portabled.Dissect;
using Portabled.Dissect.Compression;
using Portabled.Dissect.Dissection;
using Portabled.Dissect.FileSystems;
using Portabled.Testing;

namespace Portabled.Core.Tests.Errors;

public class ImageErrorMapTests
{
    public static TheoryData<Exception, string, string> Failures => new()
    {
        { new InvalidImageException("/i.raw", "inode", 4096, "bad"), "System.Error.EUCLEAN", "Image '/i.raw' is corrupt: " },
        { new DecompressionException("gzip", "bad"), "System.Error.EUCLEAN", "Image '/i.raw' is corrupt: " },
        { new UnsupportedImageException("/i.raw", "btrfs"), "System.Error.EPROTONOSUPPORT", "Image '/i.raw' uses a file system that cannot be read: " },
        { new SymbolicLinkLoopException("/usr/lib/os-release"), "System.Error.ELOOP", "Too many levels of symbolic links while resolving '/usr/lib/os-release' in image '/i.raw'." },
        { new DissectionException("/i.raw", DissectionError.NoPartitionTableOrFileSystem, "none"), "org.freedesktop.DBus.Error.InvalidArgs", "Couldn't identify a suitable partition table or file system in '/i.raw'." },
        { new DissectionException("/i.raw", DissectionError.MultipleSuitableRootPartitions, "two"), "org.freedesktop.DBus.Error.InvalidArgs", "Multiple suitable root partitions found in image '/i.raw'." },
        { new FileNotFoundException("gone"), "org.freedesktop.DBus.Error.FileNotFound", "Failed to read image '/i.raw': No such file or directory" },
        { new UnauthorizedAccessException("no"), "org.freedesktop.DBus.Error.AccessDenied", "Failed to read image '/i.raw': Permission denied" },
    };

    // One map, by type: the error does not depend on where the reading failed.
    [Theory]
    [MemberData(nameof(Failures))]
    public void Translate_ReaderFailure_IsUpstreamsErrorByType(Exception failure, string errorName, string messageStart)
    {
        Assert.True(ImageErrorMap.IsImageFailure(failure));
        PortableException e = ImageErrorMap.Translate("/i.raw", failure);
        Assert.Equal(errorName, e.ErrorName);
        Assert.StartsWith(messageStart, e.Message, StringComparison.Ordinal);
    }

    // GetImageOSRelease keeps only the errno: upstream's image_read_metadata() returns it and its
    // caller says "Failed to read image metadata: %m" (observed ENOPKG for an empty raw file, ENODATA
    // for an all-NUL verity signature partition and EINVAL for one that is not JSON, with 262).
    [Theory]
    [InlineData(DissectionError.NoPartitionTableOrFileSystem, "System.Error.ENOPKG", "Package not installed")]
    [InlineData(DissectionError.NoSuitableRootPartition, "System.Error.ENXIO", "No such device or address")]
    [InlineData(DissectionError.MultipleSuitableRootPartitions, "System.Error.ENOTUNIQ", "Name not unique on network")]
    [InlineData(DissectionError.VeritySignatureMissing, "System.Error.ENODATA", "No data available")]
    [InlineData(DissectionError.VeritySignatureInvalid, "org.freedesktop.DBus.Error.InvalidArgs", "Invalid argument")]
    [InlineData(DissectionError.VeritySignatureTooLarge, "System.Error.EFBIG", "File too large")]
    [InlineData(DissectionError.ExternalVerityWithPartitionTable, "System.Error.EBADR", "Invalid request descriptor")]
    public void TranslateMetadata_Dissection_IsTheErrno(DissectionError error, string errorName, string strerror)
    {
        ErrnoException e = ImageErrorMap.TranslateMetadata(new DissectionException("/i.raw", error, "x"));
        Assert.Equal((errorName, "Failed to read image metadata: " + strerror), (e.ErrorName, e.Message));
    }

    [Fact]
    public void IsImageFailure_ProgrammingError_IsNot()
    {
        Assert.False(ImageErrorMap.IsImageFailure(new InvalidOperationException()));
        Assert.False(ImageErrorMap.IsImageFailure(new ArgumentException()));
    }

    // The same corrupt squashfs, failing while it is opened (a table past the end of the image) or
    // later while a directory is read (garbage in the directory table): one error, EUCLEAN, either
    // way (before, the first was EUCLEAN and the second escaped Core as an EBADMSG reader exception).
    [RequiresTheory("mksquashfs")]
    [InlineData(64, "while opening")]
    [InlineData(72, "while reading")]
    public void GetMetadata_CorruptSquashFs_EucleanWhereverItFails(int tableOffsetField, string when)
    {
        using var host = new TestHost();
        RawImages.SquashFs(host, RawImages.Tree(host, "sq"), "/srv/sq.raw");
        Corrupt(host.Host("/srv/sq.raw"), tableOffsetField);

        var e = Assert.Throws<ErrnoException>(() => host.Manager().GetMetadata("/srv/sq.raw", [], [], 0));
        Assert.True(e.ErrorName == "System.Error.EUCLEAN", $"{when}: {e.ErrorName}: {e.Message}");
        Assert.StartsWith("Image '/srv/sq.raw' is corrupt: ", e.Message, StringComparison.Ordinal);
        var metadata = Assert.Throws<ErrnoException>(() => host.Manager().GetOSRelease("/srv/sq.raw"));
        Assert.Equal(("System.Error.EUCLEAN", "Failed to read image metadata: Structure needs cleaning"), (metadata.ErrorName, metadata.Message));
    }

    // 64: inode_table_start, moved past the end (refused while opening). 72: directory_table_start,
    // where the first metadata block gets garbage after its header (found when a directory is read).
    private static void Corrupt(string path, int field)
    {
        byte[] image = File.ReadAllBytes(path);
        if (field == 64)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan(64), (ulong)image.Length + 4096);
        }
        else
        {
            int directories = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(image.AsSpan(72)));
            image.AsSpan(directories + 2, 32).Fill(0xa5);
        }

        File.WriteAllBytes(path, image);
    }
}
