// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;
using System.Text;
using Portabled.SdBus.Interop;

namespace Portabled.SdBus;

/// <summary>
/// The native entry points sd-bus calls (method handler, property get/set, fallback find, node
/// enumerator). Each resolves its <see cref="ObjectRegistration"/> from the userdata handle and
/// runs the managed code inside a guard: an exception must never cross into native code (it would
/// abort the process), so every one becomes an error reply here.
/// </summary>
internal static unsafe class BusDispatcher
{
    [UnmanagedCallersOnly]
    public static int HandleMethod(IntPtr message, IntPtr userdata, IntPtr error)
    {
        ObjectRegistration? reg = null;
        try
        {
            reg = Resolve(userdata);
            reg.Connection.NoteActivity();
            string member = NativeStrings.FromUtf8(SdBusNative.MessageGetMember(message)) ?? string.Empty;
            BusMethod method = reg.Interface.FindMethod(member)
                ?? throw new DBusException("org.freedesktop.DBus.Error.UnknownMethod", $"Unknown method '{member}'.");
            var call = new BusMethodCall(reg.Connection, message);
            method.Handler(call);
            if (!call.Handled)
            {
                throw new InvalidOperationException($"Handler of {member} neither replied nor deferred.");
            }

            return 1;
        }
        catch (Exception e)
        {
            return SetError(reg, (SdBusError*)error, e);
        }
    }

    [UnmanagedCallersOnly]
    public static int GetProperty(IntPtr bus, IntPtr path, IntPtr iface, IntPtr property, IntPtr reply, IntPtr userdata, IntPtr error)
    {
        ObjectRegistration? reg = null;
        try
        {
            reg = Resolve(userdata);
            BusProperty p = FindProperty(reg, property);
            p.Getter(NativeStrings.FromUtf8(path) ?? string.Empty, new MessageWriter(reply));
            return 1;
        }
        catch (Exception e)
        {
            return SetError(reg, (SdBusError*)error, e);
        }
    }

    [UnmanagedCallersOnly]
    public static int SetProperty(IntPtr bus, IntPtr path, IntPtr iface, IntPtr property, IntPtr value, IntPtr userdata, IntPtr error)
    {
        ObjectRegistration? reg = null;
        try
        {
            reg = Resolve(userdata);
            BusProperty p = FindProperty(reg, property);
            p.Setter!(NativeStrings.FromUtf8(path) ?? string.Empty, new MessageReader(value));
            return 1;
        }
        catch (Exception e)
        {
            return SetError(reg, (SdBusError*)error, e);
        }
    }

    [UnmanagedCallersOnly]
    public static int FindObject(IntPtr bus, IntPtr path, IntPtr iface, IntPtr userdata, IntPtr* found, IntPtr error)
    {
        ObjectRegistration? reg = null;
        try
        {
            reg = Resolve(userdata);
            if (reg.Exists!(NativeStrings.FromUtf8(path) ?? string.Empty))
            {
                *found = userdata;
                return 1;
            }

            return 0;
        }
        catch (Exception e)
        {
            return SetError(reg, (SdBusError*)error, e);
        }
    }

    [UnmanagedCallersOnly]
    public static int EnumerateNodes(IntPtr bus, IntPtr prefix, IntPtr userdata, IntPtr* nodes, IntPtr error)
    {
        ObjectRegistration? reg = null;
        try
        {
            reg = Resolve(userdata);
            List<string> paths = reg.Enumerate!().ToList();
            // sd-bus frees the array and each string with free(): allocate both with malloc.
            IntPtr* array = (IntPtr*)NativeMemory.AllocZeroed((nuint)(paths.Count + 1), (nuint)sizeof(IntPtr));
            for (int i = 0; i < paths.Count; i++)
            {
                byte[] bytes = Encoding.UTF8.GetBytes(paths[i]);
                byte* s = (byte*)NativeMemory.AllocZeroed((nuint)bytes.Length + 1);
                bytes.CopyTo(new Span<byte>(s, bytes.Length));
                array[i] = (IntPtr)s;
            }

            *nodes = (IntPtr)array;
            return 0;
        }
        catch (Exception e)
        {
            return SetError(reg, (SdBusError*)error, e);
        }
    }

    // Property access counts as activity for the idle exit, like method calls.
    private static BusProperty FindProperty(ObjectRegistration reg, IntPtr property)
    {
        reg.Connection.NoteActivity();
        string name = NativeStrings.FromUtf8(property) ?? string.Empty;
        return reg.Interface.FindProperty(name)
            ?? throw new DBusException("org.freedesktop.DBus.Error.UnknownProperty", $"Unknown property '{name}'.");
    }

    private static ObjectRegistration Resolve(IntPtr userdata) =>
        (ObjectRegistration)GCHandle.FromIntPtr(userdata).Target!;

    private static int SetError(ObjectRegistration? reg, SdBusError* error, Exception e)
    {
        try
        {
            DBusException mapped = reg?.Connection.MapException(e)
                ?? e as DBusException
                ?? new DBusException("org.freedesktop.DBus.Error.Failed", e.Message);
            IntPtr name = Marshal.StringToCoTaskMemUTF8(mapped.ErrorName);
            IntPtr text = Marshal.StringToCoTaskMemUTF8(mapped.Message);
            try
            {
                // sd_bus_error_set copies both strings and returns the matching negative errno.
                int rc = SdBusNative.ErrorSet(error, name, text);
                return rc < 0 ? rc : -5;
            }
            finally
            {
                Marshal.FreeCoTaskMem(name);
                Marshal.FreeCoTaskMem(text);
            }
        }
        catch
        {
            return -5; // EIO: even the error could not be built; sd-bus replies with its errno mapping.
        }
    }
}
