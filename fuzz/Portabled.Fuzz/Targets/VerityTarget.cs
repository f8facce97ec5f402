// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers.Binary;
using Portabled.Dissect;
using Portabled.Dissect.Verity;

namespace Portabled.Fuzz.Targets;

/// <summary>
/// A dm-verity data and hash device pair. The input is framed as
/// <c>[u8 root hash length][root hash][u32 LE data length][data][hash device]</c> (fuzz/make-seeds
/// writes seeds in this form), so mutations reach the superblock, the tree and the data alike. The
/// data is read through the verified region block by block, then checked whole.
/// </summary>
public sealed class VerityTarget : IFuzzTarget
{
    private const int MaxRootHash = 64;
    private const int MaxData = 1 << 20;

    /// <inheritdoc />
    public string Name => "verity";

    /// <inheritdoc />
    public void Run(byte[] input, string scratchPath)
    {
        if (input.Length < 1 || input[0] > MaxRootHash || input.Length < 1 + input[0] + 4)
        {
            return;
        }

        int rootHashLength = input[0];
        byte[] rootHash = input.AsSpan(1, rootHashLength).ToArray();
        int framing = 1 + rootHashLength + 4;
        uint dataLength = BinaryPrimitives.ReadUInt32LittleEndian(input.AsSpan(framing - 4));
        if (dataLength > MaxData || dataLength > input.Length - framing)
        {
            return;
        }

        File.WriteAllBytes(scratchPath, input);
        using ImageFile file = ImageFile.Open(scratchPath);
        ImageRegion data = file.Whole.Slice(framing, dataLength, "verity data");
        ImageRegion hash = file.Whole.Slice(framing + dataLength, file.Length - framing - dataLength, "verity hash");
        if (!VeritySuperBlock.Probe(hash))
        {
            return;
        }

        using VerityHashTree tree = VerityHashTree.Open(data, hash, rootHash);
        ImageRegion verified = tree.VerifiedRegion;
        byte[] buffer = new byte[4096];
        for (long at = 0; at < verified.Length; at += buffer.Length)
        {
            _ = verified.Read(at, buffer);
        }

        tree.VerifyAll(parallelism: 1);
    }
}
