// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;
using System.Text;
using Portabled.SdBus.Interop;

namespace Portabled.SdBus;

/// <summary>
/// Appends values to an sd-bus message through sd_bus_message_append_basic and the container
/// calls (the variadic sd_bus_message_append cannot be called from .NET). Only valid on the bus
/// thread while the message is being built. A failing append throws <see cref="DBusException"/>.
/// </summary>
public sealed unsafe class MessageWriter
{
    private readonly IntPtr _message;

    internal MessageWriter(IntPtr message)
    {
        _message = message;
    }

    /// <summary>Appends <c>s</c>.</summary>
    public MessageWriter String(string value) => AppendString((byte)'s', value);

    /// <summary>Appends <c>o</c>.</summary>
    public MessageWriter ObjectPath(string value) => AppendString((byte)'o', value);

    /// <summary>Appends <c>b</c> (sd-bus takes a 32-bit int).</summary>
    public MessageWriter Boolean(bool value)
    {
        int v = value ? 1 : 0;
        return Check(SdBusNative.MessageAppendBasic(_message, (byte)'b', &v));
    }

    /// <summary>Appends <c>t</c>.</summary>
    public MessageWriter UInt64(ulong value) => Check(SdBusNative.MessageAppendBasic(_message, (byte)'t', &value));

    /// <summary>Appends <c>u</c>.</summary>
    public MessageWriter UInt32(uint value) => Check(SdBusNative.MessageAppendBasic(_message, (byte)'u', &value));

    /// <summary>Appends <c>i</c>.</summary>
    public MessageWriter Int32(int value) => Check(SdBusNative.MessageAppendBasic(_message, (byte)'i', &value));

    /// <summary>Appends <c>ay</c>.</summary>
    public MessageWriter ByteArray(ReadOnlySpan<byte> value)
    {
        fixed (byte* p = value)
        {
            return Check(SdBusNative.MessageAppendArray(_message, (byte)'y', p, (nuint)value.Length));
        }
    }

    /// <summary>Appends <c>as</c>.</summary>
    public MessageWriter StringArray(IEnumerable<string> values)
    {
        BeginArray("s");
        foreach (string v in values)
        {
            String(v);
        }

        return End();
    }

    /// <summary>Opens an array of elements of <paramref name="elementSignature"/>; close with <see cref="End"/>.</summary>
    public MessageWriter BeginArray(string elementSignature) => Open((byte)'a', elementSignature);

    /// <summary>Opens a struct with <paramref name="contents"/> (without parentheses).</summary>
    public MessageWriter BeginStruct(string contents) => Open((byte)'r', contents);

    /// <summary>Opens a dict entry with <paramref name="contents"/> (without braces).</summary>
    public MessageWriter BeginDictEntry(string contents) => Open((byte)'e', contents);

    /// <summary>Opens a variant holding <paramref name="signature"/>.</summary>
    public MessageWriter BeginVariant(string signature) => Open((byte)'v', signature);

    /// <summary>Closes the innermost open container.</summary>
    public MessageWriter End() => Check(SdBusNative.MessageCloseContainer(_message));

    private MessageWriter Open(byte type, string contents) => Check(SdBusNative.MessageOpenContainer(_message, type, contents));

    private MessageWriter AppendString(byte type, string value)
    {
        byte[] buffer = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, buffer);
        fixed (byte* p = buffer)
        {
            // For strings sd-bus takes the char* itself, not a pointer to it; it copies the bytes.
            return Check(SdBusNative.MessageAppendBasic(_message, type, p));
        }
    }

    private MessageWriter Check(int rc) => rc < 0 ? throw DBusException.FromErrno(rc) : this;
}
