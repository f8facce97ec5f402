// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Buffers.Binary;
using Portabled.Core.Errors;

namespace Portabled.Core.Management.Btrfs;

/// <summary>
/// BTRFS_IOC_TREE_SEARCH over a key range, item by item. Layout of btrfs_ioctl_search_args (4096 bytes):
/// the key (tree_id, min/max objectid, min/max offset, min/max transid: u64 at 0..48; min/max type u32 at
/// 56/60; nr_items u32 at 64; 104 bytes in all), then the result buffer: per item a 32-byte header
/// (transid, objectid, offset: u64; type, len: u32) and <c>len</c> bytes of item. The search resumes after
/// the last key seen, the (objectid, type, offset) triple counted as one number, as upstream does.
/// </summary>
internal sealed class BtrfsTreeSearch
{
    /// <summary>Items looked at per search before giving up (a corrupt tree must not loop forever).</summary>
    public const int MaxItems = 1 << 20;

    private const int KeySize = 104;
    private const int HeaderSize = 32;

    private readonly ulong _treeId;
    private ulong _minObjectId;
    private readonly ulong _maxObjectId;
    private uint _minType;
    private readonly uint _maxType;
    private ulong _minOffset;
    private readonly ulong _maxOffset;

    public BtrfsTreeSearch(ulong treeId, ulong minObjectId, ulong maxObjectId, uint minType, uint maxType, ulong minOffset, ulong maxOffset)
    {
        _treeId = treeId;
        _minObjectId = minObjectId;
        _maxObjectId = maxObjectId;
        _minType = minType;
        _maxType = maxType;
        _minOffset = minOffset;
        _maxOffset = maxOffset;
    }

    /// <summary>One item found: its key and body.</summary>
    public readonly record struct Item(ulong ObjectId, uint Type, ulong Offset, byte[] Body);

    /// <summary>
    /// Runs the search on <paramref name="fd"/> and calls <paramref name="item"/> for each item until it
    /// returns false; 0, or the negative errno of the ioctl (ENOENT: the tree does not exist).
    /// </summary>
    public int ForEach(int fd, Func<Item, bool> item)
    {
        byte[] args = new byte[BtrfsIoctl.ArgsSize];
        int seen = 0;
        while (Compare() <= 0)
        {
            WriteKey(args);
            if (NativeFiles.Ioctl(fd, BtrfsIoctl.TreeSearch, args) < 0)
            {
                return -NativeFiles.LastError;
            }

            uint count = BinaryPrimitives.ReadUInt32LittleEndian(args.AsSpan(64));
            if (count == 0)
            {
                return 0;
            }

            int offset = KeySize;
            for (uint i = 0; i < count; i++)
            {
                if (offset + HeaderSize > args.Length)
                {
                    return -Errno.EBADMSG;
                }

                ReadOnlySpan<byte> h = args.AsSpan(offset, HeaderSize);
                ulong objectId = BinaryPrimitives.ReadUInt64LittleEndian(h[8..]);
                ulong keyOffset = BinaryPrimitives.ReadUInt64LittleEndian(h[16..]);
                uint type = BinaryPrimitives.ReadUInt32LittleEndian(h[24..]);
                int length = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(h[28..]));
                if (length > args.Length - offset - HeaderSize || ++seen > MaxItems)
                {
                    return -Errno.EBADMSG;
                }

                (_minObjectId, _minType, _minOffset) = (objectId, type, keyOffset);
                if (!item(new Item(objectId, type, keyOffset, args.AsSpan(offset + HeaderSize, length).ToArray())))
                {
                    return 0;
                }

                offset += HeaderSize + length;
            }

            if (!Increment())
            {
                return 0;
            }
        }

        return 0;
    }

    private void WriteKey(byte[] args)
    {
        Span<byte> k = args.AsSpan(0, KeySize);
        k.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(k, _treeId);
        BinaryPrimitives.WriteUInt64LittleEndian(k[8..], _minObjectId);
        BinaryPrimitives.WriteUInt64LittleEndian(k[16..], _maxObjectId);
        BinaryPrimitives.WriteUInt64LittleEndian(k[24..], _minOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(k[32..], _maxOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(k[40..], 0);
        BinaryPrimitives.WriteUInt64LittleEndian(k[48..], ulong.MaxValue);
        BinaryPrimitives.WriteUInt32LittleEndian(k[56..], _minType);
        BinaryPrimitives.WriteUInt32LittleEndian(k[60..], _maxType);
        BinaryPrimitives.WriteUInt32LittleEndian(k[64..], 256);
    }

    private int Compare()
    {
        int r = _minObjectId.CompareTo(_maxObjectId);
        if (r != 0)
        {
            return r;
        }

        r = _minType.CompareTo(_maxType);
        return r != 0 ? r : _minOffset.CompareTo(_maxOffset);
    }

    private bool Increment()
    {
        if (_minOffset < ulong.MaxValue)
        {
            _minOffset++;
            return true;
        }

        if (_minType < byte.MaxValue)
        {
            _minType++;
            _minOffset = 0;
            return true;
        }

        if (_minObjectId < ulong.MaxValue)
        {
            _minObjectId++;
            _minOffset = 0;
            _minType = 0;
            return true;
        }

        return false;
    }
}
