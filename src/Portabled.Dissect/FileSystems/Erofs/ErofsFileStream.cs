// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems.Erofs;

/// <summary>A read-only, seekable view of one erofs file's data, read lazily through its data reader.</summary>
internal sealed class ErofsFileStream : ReadOnlyFileStream
{
    private readonly ErofsDataReader _reader;

    public ErofsFileStream(ErofsDataReader reader)
    {
        _reader = reader;
    }

    protected override long FileLength => _reader.Length;

    protected override int ReadAt(long position, Span<byte> buffer) => _reader.Read(position, buffer);

    protected override void ReleaseResources() => _reader.Dispose();
}
