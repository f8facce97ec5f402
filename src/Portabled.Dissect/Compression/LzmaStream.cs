// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;

namespace Portabled.Dissect.Compression;

/// <summary>liblzma's <c>lzma_stream</c> (lzma/base.h, stable ABI of liblzma.so.5); all-zero is LZMA_STREAM_INIT.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LzmaStream
{
    public IntPtr NextIn;
    public nuint AvailIn;
    public ulong TotalIn;
    public IntPtr NextOut;
    public nuint AvailOut;
    public ulong TotalOut;
    public IntPtr Allocator;
    public IntPtr Internal;
    public IntPtr ReservedPointer1;
    public IntPtr ReservedPointer2;
    public IntPtr ReservedPointer3;
    public IntPtr ReservedPointer4;
    public ulong SeekPosition;
    public ulong ReservedInteger2;
    public nuint ReservedInteger3;
    public nuint ReservedInteger4;
    public int ReservedEnum1;
    public int ReservedEnum2;
}
