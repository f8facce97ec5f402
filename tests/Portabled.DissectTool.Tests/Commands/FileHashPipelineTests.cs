// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers.Binary;
using System.Text;
using Portabled.Dissect;
using Portabled.Dissect.Dissection;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.FileSystems.HostDirectory;
using Portabled.DissectTool.Commands;
using Portabled.Testing;

namespace Portabled.DissectTool.Tests.Commands;

/// <summary>
/// --mtree hashing files on worker threads (<see cref="FileHashPipeline"/>) gives the bytes, and the
/// error, of hashing them one after the other: on real mksquashfs images (many files sharing
/// fragment blocks, multi-block files, holes), on one with a corrupt data block in the middle, and
/// on a tree too deep to walk. Nothing here depends on which worker finishes first.
/// </summary>
public class FileHashPipelineTests
{
    private static readonly Lazy<string> s_tree = new(BuildTree);

    [RequiresTheory("mksquashfs")]
    [InlineData("xz")]
    [InlineData("zstd")]
    public void WriteMtree_SquashFs_WorkersGiveTheSerialBytes(string compressor)
    {
        string image = SquashFs(compressor);

        (string serial, Exception? serialError) = Mtree(image, workers: 0);

        Assert.Null(serialError);
        Assert.Contains(" sha256sum=", serial, StringComparison.Ordinal);
        Assert.Equal(CountEntries(s_tree.Value) + 1, serial.Count(c => c == '\n'));
        foreach (int workers in new[] { 1, 2, FileHashPipeline.MaxWorkers })
        {
            (string parallel, Exception? error) = Mtree(image, workers);
            Assert.Null(error);
            Assert.Equal(serial, parallel);
        }

        Assert.Equal(serial, ToolRun.Invoke("--mtree", image).StandardOutput);
    }

    [RequiresFact("mksquashfs")]
    public void WriteMtree_CorruptDataBlockInTheMiddle_SameLinesAndErrorAsSerial()
    {
        string image = Fixtures.NewPath("corrupt.sqfs");
        File.Copy(SquashFs("xz"), image);
        CorruptMiddleDataBlock(image);

        (string serial, Exception? serialError) = Mtree(image, workers: 0);

        InvalidImageException expected = Assert.IsType<InvalidImageException>(serialError);
        Assert.StartsWith("./ type=dir", serial, StringComparison.Ordinal);
        Assert.True(serial.Count(c => c == '\n') < CountEntries(s_tree.Value), "the corrupt block must stop the manifest before its end");
        foreach (int workers in new[] { 1, 2, FileHashPipeline.MaxWorkers })
        {
            (string parallel, Exception? error) = Mtree(image, workers);
            Assert.Equal(serial, parallel);
            Assert.Equal((expected.GetType(), expected.Message), (error?.GetType(), error?.Message));
        }

        ToolRun run = ToolRun.Invoke("--mtree", image);
        Assert.Equal((1, serial), (run.ExitCode, run.StandardOutput));
        Assert.Contains(expected.Message, run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteMtree_TreeDeeperThanTheWalkAllows_SameLinesAndErrorAsSerial()
    {
        string root = Fixtures.NewPath("deep");
        string dir = root;
        for (int depth = 0; depth <= TreeWalker.MaxDepth + 1; depth++)
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Join(dir, "a"), new string('x', depth + 1));
            dir = Path.Join(dir, "d");
        }

        using var fs = new HostDirectoryFileSystem(root);
        (string serial, Exception? serialError) = Mtree(fs, workers: 0);
        (string parallel, Exception? error) = Mtree(fs, workers: 2);

        Assert.Equal("Directory tree deeper than 256 levels, refusing.", Assert.IsType<IOException>(serialError).Message);
        Assert.Contains("/d/a type=file ", serial, StringComparison.Ordinal);
        Assert.Equal(serial, parallel);
        Assert.Equal((serialError.GetType(), serialError.Message), (error?.GetType(), error?.Message));
    }

    [RequiresFact("mksquashfs")]
    public void Dispose_WithJobsQueuedAndRunning_JoinsWorkersAndRefusesMore()
    {
        using DissectedImage image = DissectedImage.Open(SquashFs("xz"));
        using IReadOnlyFileSystem fs = image.OpenRootFileSystem();
        List<FileSystemNode> files = [.. TreeWalker.Walk(fs).Select(e => e.Node).Where(n => n.Type == FileType.RegularFile && n.Size > 0)];
        var pipeline = new FileHashPipeline(fs, workers: 2);
        List<FileHashJob> jobs = [.. files.Select(pipeline.Start)];

        pipeline.Dispose();
        pipeline.Dispose();

        Assert.Throws<ObjectDisposedException>(() => pipeline.Start(files[0]));
        FileHashJob? undone = jobs.Find(j => !j.Done);
        if (undone is not null)
        {
            Assert.Throws<ObjectDisposedException>(() => pipeline.Wait(undone));
        }

        Assert.All(jobs.Where(j => j.Done && j.Error is null), j => Assert.Equal(64, j.Hash!.Length));
    }

    private static (string Output, Exception? Error) Mtree(string image, int workers)
    {
        using DissectedImage dissected = DissectedImage.Open(image);
        using IReadOnlyFileSystem fs = dissected.OpenRootFileSystem();
        Assert.True(fs.SupportsConcurrentReads);
        return Mtree(fs, workers);
    }

    private static (string Output, Exception? Error) Mtree(IReadOnlyFileSystem fs, int workers)
    {
        var output = new StringWriter { NewLine = "\n" };
        try
        {
            TreeCommand.WriteMtree(output, fs, workers);
            return (output.ToString(), null);
        }
        catch (Exception e)
        {
            return (output.ToString(), e);
        }
    }

    private static string SquashFs(string compressor)
    {
        string image = Path.Join(Fixtures.Root, $"pipeline-{compressor}.sqfs");
        if (!File.Exists(image))
        {
            // 16 KiB blocks: many blocks per file and many files per fragment block.
            ProcessRunner.RunChecked("mksquashfs", s_tree.Value, image + ".tmp", "-comp", compressor, "-b", "16384", "-noappend", "-quiet", "-no-progress", "-all-root");
            File.Move(image + ".tmp", image);
        }

        return image;
    }

    /// <summary>
    /// Flips a byte of the middle xz stream among the data and fragment blocks (which
    /// lie between the superblock and the inode table, whose start is the superblock's u64 at 64).
    /// xz checks each stream's CRC32, so the block can no longer be decoded.
    /// </summary>
    private static void CorruptMiddleDataBlock(string image)
    {
        byte[] bytes = File.ReadAllBytes(image);
        long inodeTable = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(64));
        byte[] magic = [0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00];
        var starts = new List<int>();
        for (int i = 96; i < inodeTable - magic.Length; i++)
        {
            if (bytes.AsSpan(i, magic.Length).SequenceEqual(magic))
            {
                starts.Add(i);
            }
        }

        Assert.True(starts.Count > 20, $"{starts.Count} xz streams in the data area");
        // 40 bytes in: past the stream and block headers (12 bytes each), inside the LZMA2 data. Halfway
        // to the next stream could be past this one's end, in a block stored uncompressed.
        int at = starts[starts.Count / 2] + 40;
        bytes[at] ^= 0x55;
        File.WriteAllBytes(image, bytes);
    }

    private static int CountEntries(string root) => Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Count();

    /// <summary>
    /// 160 files in 8 directories, seeded: text of many sizes (most of them under one block, so they
    /// share fragments), files of several blocks with a tail, one with a hole, random bytes that
    /// squashfs stores uncompressed, empty files and symbolic links.
    /// </summary>
    private static string BuildTree()
    {
        string root = Path.Join(Fixtures.Root, "pipeline-tree");
        var random = new Random(13);
        string[] words = ["portable", "service", "image", "squashfs", "block", "fragment", "hash", "tree", "unit", "xz"];
        for (int i = 0; i < 160; i++)
        {
            string dir = Path.Join(root, $"dir{i % 8}");
            Directory.CreateDirectory(dir);
            string path = Path.Join(dir, $"file{i:D3}");
            int size = (i % 10) switch
            {
                0 => 0,
                1 => random.Next(40_000, 120_000),
                2 => 16384 * 3,
                _ => random.Next(1, 12_000),
            };
            if (i % 23 == 5)
            {
                byte[] noise = new byte[random.Next(20_000, 70_000)];
                random.NextBytes(noise);
                File.WriteAllBytes(path, noise);
            }
            else
            {
                var text = new StringBuilder();
                while (text.Length < size)
                {
                    text.Append(words[random.Next(words.Length)]).Append(random.Next(100)).Append(i % 7 == 0 ? '\n' : ' ');
                }

                File.WriteAllText(path, text.ToString(0, size));
            }

            File.SetUnixFileMode(path, (UnixFileMode)0b110_100_100);
            if (i % 17 == 3)
            {
                File.CreateSymbolicLink(Path.Join(dir, $"link{i:D3}"), $"file{i:D3}");
            }
        }

        using (FileStream sparse = File.Create(Path.Join(root, "dir0", "sparse")))
        {
            sparse.Seek(16384 * 4, SeekOrigin.Begin);
            sparse.Write("after the hole\n"u8);
        }

        foreach (string d in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).Append(root))
        {
            File.SetUnixFileMode(d, (UnixFileMode)0b111_101_101);
        }

        return root;
    }
}
