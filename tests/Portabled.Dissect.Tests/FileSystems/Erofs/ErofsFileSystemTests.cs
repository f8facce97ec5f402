// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Checksums;
using System.Globalization;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.FileSystems.Erofs;
using Portabled.Testing;

namespace Portabled.Dissect.Tests.FileSystems.Erofs;

[Collection(ErofsImageCollection.Name)]
public sealed class ErofsFileSystemTests
{
    private readonly ErofsImageFixture _fixture;

    public ErofsFileSystemTests(ErofsImageFixture fixture)
    {
        _fixture = fixture;
    }

    [RequiresTheory("mkfs.erofs", "root")]
    [MemberData(nameof(ErofsVariants.All), MemberType = typeof(ErofsVariants))]
    public void FromFileSystem_EachMkfsVariant_MatchesKernel(string variant)
    {
        string image = _fixture.BigImage(variant);
        IReadOnlyList<string> kernel = KernelOracle.List(image, fsType: "erofs");

        using ImageFile file = ImageFile.Open(image);
        using IReadOnlyFileSystem fs = new ErofsFormat().Open(file.Whole);
        IReadOnlyList<string> ours = FileSystemListing.FromFileSystem(fs);

        Assert.Equal(kernel.Count, ours.Count);
        for (int i = 0; i < kernel.Count; i++)
        {
            Assert.Equal(kernel[i], ours[i]);
        }
    }

    [RequiresTheory("mkfs.erofs", "root")]
    [InlineData("default")]
    [InlineData("compact")]
    [InlineData("extended")]
    [InlineData("lz4-ztailpacking")]
    public void Nodes_EachInodeForm_MatchKernelTimesLinksAndInodeNumbers(string variant)
    {
        string image = _fixture.BigImage(variant);
        Dictionary<string, string> kernel = KernelStat(image);

        using ImageFile file = ImageFile.Open(image);
        using var fs = new ErofsFileSystem(file.Whole);
        var ours = new Dictionary<string, string>(StringComparer.Ordinal);
        Collect(fs, fs.Root, string.Empty, ours);

        Assert.Equal(kernel.Count, ours.Count);
        foreach ((string path, string expected) in kernel)
        {
            Assert.Equal(expected, ours[path]);
        }
    }

    [RequiresFact("mkfs.erofs", "root")]
    public void OpenRead_RandomSeeksInCompressedFile_ReturnSourceBytes()
    {
        string image = _fixture.BigImage("lz4hc-12-big-pcluster-ztailpacking");
        byte[] expected = File.ReadAllBytes(Path.Join(_fixture.BigTree, "large"));
        using ImageFile file = ImageFile.Open(image);
        using var fs = new ErofsFileSystem(file.Whole);
        Assert.True(fs.TryLookup(fs.Root, "large", out FileSystemNode? node));
        using Stream stream = fs.OpenRead(node!);
        Assert.True(stream.CanSeek);
        Assert.Equal(expected.Length, stream.Length);

        var random = new Random(1234);
        var buffer = new byte[70000];
        for (int i = 0; i < 40; i++)
        {
            long at = i == 0 ? expected.Length - 100 : random.NextInt64(expected.Length);
            stream.Position = at;
            int wanted = (int)Math.Min(buffer.Length, expected.Length - at);
            stream.ReadExactly(buffer, 0, wanted);
            Assert.True(expected.AsSpan((int)at, wanted).SequenceEqual(buffer.AsSpan(0, wanted)), $"mismatch at {at}");
        }

        stream.Seek(0, SeekOrigin.End);
        Assert.Equal(0, stream.Read(buffer, 0, 10));
    }

    [RequiresFact("mkfs.erofs", "root")]
    public void Probe_ErofsImage_IsRecognisedByFormatList()
    {
        string image = _fixture.BigImage("default");
        using ImageFile file = ImageFile.Open(image);
        IFileSystemFormat? format = FileSystemFormats.Probe(file.Whole);
        Assert.NotNull(format);
        Assert.Equal("erofs", format.Name);
        using IReadOnlyFileSystem fs = format.Open(file.Whole);
        Assert.Equal("erofs", fs.FormatName);
    }

    [Fact]
    public void Probe_ShortOrZeroRegion_IsFalse()
    {
        using var temp = new TempDirectory("portabled-erofs-probe");
        File.WriteAllBytes(temp["short"], new byte[1030]);
        File.WriteAllBytes(temp["zeros"], new byte[8192]);
        foreach (string name in new[] { "short", "zeros" })
        {
            using ImageFile file = ImageFile.Open(temp[name]);
            Assert.False(new ErofsFormat().Probe(file.Whole));
        }
    }

    [Fact]
    public void Crc32C_CheckValue_MatchesCastagnoli()
    {
        // The standard check value of CRC-32C over "123456789" (with the usual final inversion).
        Assert.Equal(0xE3069283u, Crc32C.Update(uint.MaxValue, "123456789"u8) ^ uint.MaxValue);
    }

    private static Dictionary<string, string> KernelStat(string image)
    {
        string script = $$"""
            set -euo pipefail
            m=$(mktemp -d /tmp/oracle.XXXXXX)
            mount -t erofs -o ro,loop '{{image}}' "$m"
            cd "$m"
            find . -mindepth 1 -printf '%P\t%T@\t%n\t%i\n'
            cd /; umount "$m"; rmdir "$m"
            """;
        ProcessResult r = ProcessRunner.Run("unshare", ["-m", "--propagation", "private", "/bin/bash", "-c", script]);
        Assert.True(r.ExitCode == 0, r.StandardError);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in r.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int tab = line.IndexOf('\t', StringComparison.Ordinal);
            result[line[..tab]] = line[(tab + 1)..];
        }

        return result;
    }

    private static void Collect(IReadOnlyFileSystem fs, FileSystemNode dir, string prefix, Dictionary<string, string> into)
    {
        foreach (DirectoryEntry e in fs.EnumerateDirectory(dir))
        {
            string path = prefix.Length == 0 ? e.Name : prefix + "/" + e.Name;
            FileSystemNode n = e.Node;
            // find's %T@ prints seconds, a dot and ten fractional digits.
            into[path] = string.Create(CultureInfo.InvariantCulture,
                $"{n.ModificationTimeSeconds}.{n.ModificationTimeNanoseconds:D9}0\t{n.LinkCount}\t{n.InodeNumber}");
            if (n.Type == FileType.Directory)
            {
                Collect(fs, n, path, into);
            }
        }
    }
}
