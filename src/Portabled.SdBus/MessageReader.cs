// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;
using Portabled.SdBus.Interop;

namespace Portabled.SdBus;

/// <summary>
/// Reads values from an sd-bus message (sd_bus_message_read_basic and the container calls).
/// sd-bus has already validated the message against the method signature; strings are copied out
/// because their memory belongs to the message. Only valid on the bus thread while the message lives.
/// </summary>
public sealed unsafe class MessageReader
{
    private readonly IntPtr _message;

    internal MessageReader(IntPtr message)
    {
        _message = message;
    }

    /// <summary>Reads <c>s</c>.</summary>
    public string String() => ReadStringType((byte)'s');

    /// <summary>Reads <c>o</c>.</summary>
    public string ObjectPath() => ReadStringType((byte)'o');

    /// <summary>Reads <c>b</c>.</summary>
    public bool Boolean()
    {
        int v;
        Check(SdBusNative.MessageReadBasic(_message, (byte)'b', &v));
        return v != 0;
    }

    /// <summary>Reads <c>t</c>.</summary>
    public ulong UInt64()
    {
        ulong v;
        Check(SdBusNative.MessageReadBasic(_message, (byte)'t', &v));
        return v;
    }

    /// <summary>Reads <c>u</c>.</summary>
    public uint UInt32()
    {
        uint v;
        Check(SdBusNative.MessageReadBasic(_message, (byte)'u', &v));
        return v;
    }

    /// <summary>Reads <c>as</c>.</summary>
    public IReadOnlyList<string> StringArray()
    {
        var list = new List<string>();
        if (Check(SdBusNative.MessageEnterContainer(_message, (byte)'a', "s")) == 0)
        {
            return list;
        }

        IntPtr p;
        while (Check(SdBusNative.MessageReadBasic(_message, (byte)'s', &p)) > 0)
        {
            list.Add(NativeStrings.FromUtf8(p) ?? string.Empty);
        }

        Check(SdBusNative.MessageExitContainer(_message));
        return list;
    }

    /// <summary>Reads <c>ay</c>.</summary>
    public byte[] ByteArray()
    {
        Check(SdBusNative.MessageReadArray(_message, (byte)'y', out IntPtr data, out nuint size));
        return size == 0 ? [] : new ReadOnlySpan<byte>((void*)data, checked((int)size)).ToArray();
    }

    /// <summary>Enters a container (<c>a</c>, <c>r</c>, <c>e</c>, <c>v</c>) with <paramref name="contents"/>; false when there is no more element at this level.</summary>
    public bool Enter(char type, string contents) => Check(SdBusNative.MessageEnterContainer(_message, (byte)type, contents)) > 0;

    /// <summary>Leaves the innermost container.</summary>
    public void Exit() => Check(SdBusNative.MessageExitContainer(_message));

    /// <summary>Skips the next complete value of <paramref name="signature"/> (null: whatever comes next); false at the end of the container.</summary>
    public bool Skip(string? signature = null) => Check(SdBusNative.MessageSkip(_message, signature)) > 0;

    private string ReadStringType(byte type)
    {
        IntPtr p;
        if (Check(SdBusNative.MessageReadBasic(_message, type, &p)) == 0)
        {
            throw new DBusException("org.freedesktop.DBus.Error.InvalidArgs", "Missing argument.");
        }

        return NativeStrings.FromUtf8(p) ?? string.Empty;
    }

    private static int Check(int rc) => rc < 0 ? throw DBusException.FromErrno(rc) : rc;
}
