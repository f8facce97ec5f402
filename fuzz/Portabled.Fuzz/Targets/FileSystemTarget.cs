// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect;
using Portabled.Dissect.FileSystems;

namespace Portabled.Fuzz.Targets;

/// <summary>A naked file system image opened with one format's reader (no probe), then read whole.</summary>
public sealed class FileSystemTarget : IFuzzTarget
{
    private readonly Func<IFileSystemFormat> _createFormat;
    private IFileSystemFormat? _format;

    /// <summary>Creates the target for the format <paramref name="createFormat"/> makes (on the first run).</summary>
    public FileSystemTarget(string name, Func<IFileSystemFormat> createFormat)
    {
        Name = name;
        _createFormat = createFormat;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public void Run(byte[] input, string scratchPath)
    {
        IFileSystemFormat format = _format ??= _createFormat();
        File.WriteAllBytes(scratchPath, input);
        using ImageFile file = ImageFile.Open(scratchPath);
        // The probe must never throw, whatever the bytes; the reader is run even when it says no,
        // so the fuzzer also reaches the superblock checks behind a damaged magic.
        _ = format.Probe(file.Whole);
        using IReadOnlyFileSystem fs = format.Open(file.Whole);
        TreeReader.ReadAll(fs);
    }
}
