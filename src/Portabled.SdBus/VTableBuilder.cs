// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;
using System.Text;
using Portabled.SdBus.Interop;

namespace Portabled.SdBus;

/// <summary>
/// Lays out an sd_bus_vtable array in unmanaged memory, followed by the member names, signatures
/// and argument names it points at (sd-bus keeps the pointers; the block is never freed). Layout (little-endian, 56 bytes an element): <c>u64 type | flags &lt;&lt; 8</c>,
/// then the union at +8 — START {element_size, features, &amp;sd_bus_object_vtable_format},
/// METHOD {member, signature, result, handler, offset, names}, PROPERTY {member, signature, get,
/// set, offset}, END all zero. Every handler points at the shared trampolines of
/// <see cref="BusDispatcher"/>, which find the managed member by name.
/// </summary>
internal static unsafe class VTableBuilder
{
    private const int ElementSize = 56;
    private const byte TypeStart = (byte)'<';
    private const byte TypeEnd = (byte)'>';
    private const byte TypeMethod = (byte)'M';
    private const byte TypeProperty = (byte)'P';
    private const byte TypeWritableProperty = (byte)'W';
    private const ulong FeatureParamNames = 1;

    private static readonly IntPtr s_vtableFormatReference = ResolveVTableFormat();

    public static IntPtr Build(BusInterface iface)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("The sd_bus_vtable layout is only computed for little-endian machines.");
        }

        // One block: the elements, then every string they point at. Laid out while the daemon's
        // first caller waits, so no string is allocated or looked up on its own.
        int count = 1 + iface.Properties.Count + iface.Methods.Count + 1;
        int stringBytes = 0;
        foreach (BusProperty p in iface.Properties)
        {
            stringBytes += SizeOf(p.Name) + SizeOf(p.Signature);
        }

        foreach (BusMethod m in iface.Methods)
        {
            stringBytes += SizeOf(m.Name) + SizeOf(m.InputSignature) + SizeOf(m.OutputSignature) + 1;
            foreach (BusArgument a in m.Inputs)
            {
                stringBytes += SizeOf(a.Name);
            }

            foreach (BusArgument a in m.Outputs)
            {
                stringBytes += SizeOf(a.Name);
            }
        }

        int tableBytes = count * ElementSize;
        byte* table = (byte*)NativeMemory.AllocZeroed((nuint)(tableBytes + stringBytes));
        var strings = new StringArea(table + tableBytes, stringBytes);
        byte* e = table;

        WriteHeader(e, TypeStart, iface.StartFlags);
        Write(e, 8, (ulong)ElementSize);
        Write(e, 16, FeatureParamNames);
        Write(e, 24, (ulong)s_vtableFormatReference);
        e += ElementSize;

        foreach (BusProperty p in iface.Properties)
        {
            WriteHeader(e, p.Setter is null ? TypeProperty : TypeWritableProperty, p.Flags);
            Write(e, 8, (ulong)strings.Add(p.Name));
            Write(e, 16, (ulong)strings.Add(p.Signature));
            Write(e, 24, (ulong)(delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int>)&BusDispatcher.GetProperty);
            if (p.Setter is not null)
            {
                Write(e, 32, (ulong)(delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int>)&BusDispatcher.SetProperty);
            }

            e += ElementSize;
        }

        foreach (BusMethod m in iface.Methods)
        {
            WriteHeader(e, TypeMethod, m.Flags);
            Write(e, 8, (ulong)strings.Add(m.Name));
            Write(e, 16, (ulong)strings.Add(m.InputSignature));
            Write(e, 24, (ulong)strings.Add(m.OutputSignature));
            Write(e, 32, (ulong)(delegate* unmanaged<IntPtr, IntPtr, IntPtr, int>)&BusDispatcher.HandleMethod);
            Write(e, 48, (ulong)ArgumentNames(m, ref strings));
            e += ElementSize;
        }

        WriteHeader(e, TypeEnd, BusVTableFlags.None);
        return (IntPtr)table;
    }

    // "in1\0in2\0out1\0\0": input names, then output names, then one empty name (the signatures
    // tell where the inputs end).
    private static byte* ArgumentNames(BusMethod m, ref StringArea strings)
    {
        byte* first = strings.Next;
        foreach (BusArgument a in m.Inputs)
        {
            strings.Add(a.Name);
        }

        foreach (BusArgument a in m.Outputs)
        {
            strings.Add(a.Name);
        }

        strings.Add("");
        return first;
    }

    private static int SizeOf(string value) => Encoding.UTF8.GetByteCount(value) + 1;

    // The zeroed tail of the block, filled with NUL-terminated UTF-8 strings in turn.
    private struct StringArea(byte* start, int length)
    {
        private int _used;

        public readonly byte* Next => start + _used;

        public byte* Add(string value)
        {
            byte* p = start + _used;
            int written = Encoding.UTF8.GetBytes(value, new Span<byte>(p, length - _used));
            // The terminating NUL is already there (the block is zeroed); the size check keeps
            // room for it.
            _used += written + 1;
            if (_used > length)
            {
                throw new InvalidOperationException("vtable strings outgrew the space counted for them");
            }

            return p;
        }
    }

    private static void WriteHeader(byte* element, byte type, BusVTableFlags flags) => Write(element, 0, type | ((ulong)flags << 8));

    private static void Write(byte* element, int offset, ulong value) => *(ulong*)(element + offset) = value;

    // sd_bus_object_vtable_format is a data symbol: LibraryImport cannot bind it.
    private static IntPtr ResolveVTableFormat()
    {
        IntPtr lib = NativeLibrary.Load(SdBusNative.Library);
        return NativeLibrary.GetExport(lib, "sd_bus_object_vtable_format");
    }
}
