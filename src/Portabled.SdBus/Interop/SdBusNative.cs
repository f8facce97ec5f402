// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;

namespace Portabled.SdBus.Interop;

/// <summary>
/// The non-variadic subset of libsystemd's sd-bus API (sd-bus(3)). Variadic functions
/// (sd_bus_message_append, sd_bus_reply_method_return, …) cannot be called portably from .NET and
/// are replaced by their basic/container counterparts. Pointers to messages, buses and slots stay
/// opaque; every call returns a negative errno on failure.
/// </summary>
internal static unsafe partial class SdBusNative
{
    public const string Library = "libsystemd.so.0";

    [LibraryImport(Library, EntryPoint = "sd_bus_open_system")]
    public static partial int OpenSystem(out IntPtr bus);

    [LibraryImport(Library, EntryPoint = "sd_bus_open_user")]
    public static partial int OpenUser(out IntPtr bus);

    [LibraryImport(Library, EntryPoint = "sd_bus_open_system_remote", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OpenSystemRemote(out IntPtr bus, string host);

    [LibraryImport(Library, EntryPoint = "sd_bus_open_system_machine", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OpenSystemMachine(out IntPtr bus, string machine);

    [LibraryImport(Library, EntryPoint = "sd_bus_open_user_machine", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OpenUserMachine(out IntPtr bus, string machine);

    [LibraryImport(Library, EntryPoint = "sd_bus_set_allow_interactive_authorization")]
    public static partial int SetAllowInteractiveAuthorization(IntPtr bus, int allow);

    [LibraryImport(Library, EntryPoint = "sd_bus_add_match", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int AddMatch(IntPtr bus, out IntPtr slot, string match,
        delegate* unmanaged<IntPtr, IntPtr, SdBusError*, int> callback, IntPtr userdata);

    [LibraryImport(Library, EntryPoint = "sd_bus_wait")]
    public static partial int Wait(IntPtr bus, ulong timeoutUsec);

    [LibraryImport(Library, EntryPoint = "sd_bus_message_get_interface")]
    public static partial IntPtr MessageGetInterface(IntPtr message);

    [LibraryImport(Library, EntryPoint = "sd_bus_new")]
    public static partial int New(out IntPtr bus);

    [LibraryImport(Library, EntryPoint = "sd_bus_set_address", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SetAddress(IntPtr bus, string address);

    [LibraryImport(Library, EntryPoint = "sd_bus_set_bus_client")]
    public static partial int SetBusClient(IntPtr bus, int isBusClient);

    [LibraryImport(Library, EntryPoint = "sd_bus_set_trusted")]
    public static partial int SetTrusted(IntPtr bus, int trusted);

    [LibraryImport(Library, EntryPoint = "sd_bus_start")]
    public static partial int Start(IntPtr bus);

    [LibraryImport(Library, EntryPoint = "sd_bus_flush_close_unref")]
    public static partial IntPtr FlushCloseUnref(IntPtr bus);

    [LibraryImport(Library, EntryPoint = "sd_bus_request_name", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int RequestName(IntPtr bus, string name, ulong flags);

    [LibraryImport(Library, EntryPoint = "sd_bus_release_name", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ReleaseName(IntPtr bus, string name);

    [LibraryImport(Library, EntryPoint = "sd_bus_get_unique_name")]
    public static partial int GetUniqueName(IntPtr bus, out IntPtr name);

    [LibraryImport(Library, EntryPoint = "sd_bus_get_bus_id")]
    public static partial int GetBusId(IntPtr bus, byte* id128);

    [LibraryImport(Library, EntryPoint = "sd_bus_process")]
    public static partial int Process(IntPtr bus, IntPtr retMessage);

    [LibraryImport(Library, EntryPoint = "sd_bus_flush")]
    public static partial int Flush(IntPtr bus);

    [LibraryImport(Library, EntryPoint = "sd_bus_get_fd")]
    public static partial int GetFd(IntPtr bus);

    [LibraryImport(Library, EntryPoint = "sd_bus_get_events")]
    public static partial int GetEvents(IntPtr bus);

    [LibraryImport(Library, EntryPoint = "sd_bus_get_timeout")]
    public static partial int GetTimeout(IntPtr bus, out ulong usec);

    [LibraryImport(Library, EntryPoint = "sd_bus_add_object_vtable", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int AddObjectVTable(IntPtr bus, out IntPtr slot, IntPtr path, IntPtr iface, IntPtr vtable, IntPtr userdata);

    [LibraryImport(Library, EntryPoint = "sd_bus_add_fallback_vtable")]
    public static partial int AddFallbackVTable(IntPtr bus, out IntPtr slot, IntPtr prefix, IntPtr iface, IntPtr vtable,
        delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr*, IntPtr, int> find, IntPtr userdata);

    [LibraryImport(Library, EntryPoint = "sd_bus_add_node_enumerator")]
    public static partial int AddNodeEnumerator(IntPtr bus, out IntPtr slot, IntPtr path,
        delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr*, IntPtr, int> callback, IntPtr userdata);

    [LibraryImport(Library, EntryPoint = "sd_bus_slot_unref")]
    public static partial IntPtr SlotUnref(IntPtr slot);

    [LibraryImport(Library, EntryPoint = "sd_bus_path_encode", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int PathEncode(string prefix, string externalId, out IntPtr result);

    [LibraryImport(Library, EntryPoint = "sd_bus_path_decode", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int PathDecode(string path, string prefix, out IntPtr externalId);

    [LibraryImport(Library, EntryPoint = "sd_bus_message_new_method_return")]
    public static partial int MessageNewMethodReturn(IntPtr call, out IntPtr reply);

    [LibraryImport(Library, EntryPoint = "sd_bus_message_new_method_call", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MessageNewMethodCall(IntPtr bus, out IntPtr message, string? destination, string path, string? iface, string member);

    [LibraryImport(Library, EntryPoint = "sd_bus_message_new_signal", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MessageNewSignal(IntPtr bus, out IntPtr message, string path, string iface, string member);

    [LibraryImport(Library, EntryPoint = "sd_bus_message_set_allow_interactive_authorization")]
    public static partial int MessageSetAllowInteractiveAuthorization(IntPtr message, int allow);

    [LibraryImport(Library, EntryPoint = "sd_bus_message_get_allow_interactive_authorization")]
    public static partial int MessageGetAllowInteractiveAuthorization(IntPtr message);

    [LibraryImport(Library, EntryPoint = "sd_bus_reply_method_error")]
    public static partial int ReplyMethodError(IntPtr call, SdBusError* error);

    [LibraryImport(Library, EntryPoint = "sd_bus_send")]
    public static partial int Send(IntPtr bus, IntPtr message, IntPtr cookie);

    [LibraryImport(Library, EntryPoint = "sd_bus_call")]
    public static partial int Call(IntPtr bus, IntPtr message, ulong usec, SdBusError* error, out IntPtr reply);

    [LibraryImport(Library, EntryPoint = "sd_bus_message_ref")]
    public static partial IntPtr MessageRef(IntPtr message);

    [LibraryImport(Library, EntryPoint = "sd_bus_message_unref")]
    public static partial IntPtr MessageUnref(IntPtr message);

    [LibraryImport(Library, EntryPoint = "sd_bus_message_get_bus")]
    public static partial IntPtr MessageGetBus(IntPtr message);

    [LibraryImport(Library, EntryPoint = "sd_bus_message_get_member")]
    public static partial IntPtr MessageGetMember(IntPtr message);

    [LibraryImport(Library, EntryPoint = "sd_bus_message_get_path")]
    public static partial IntPtr MessageGetPath(IntPtr message);

    [LibraryImport(Library, EntryPoint = "sd_bus_message_get_sender")]
    public static partial IntPtr MessageGetSender(IntPtr message);

    [LibraryImport(Library, EntryPoint = "sd_bus_message_append_basic")]
    public static partial int MessageAppendBasic(IntPtr message, byte type, void* value);

    [LibraryImport(Library, EntryPoint = "sd_bus_message_append_array")]
    public static partial int MessageAppendArray(IntPtr message, byte type, void* data, nuint size);

    [LibraryImport(Library, EntryPoint = "sd_bus_message_open_container", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MessageOpenContainer(IntPtr message, byte type, string contents);

    [LibraryImport(Library, EntryPoint = "sd_bus_message_close_container")]
    public static partial int MessageCloseContainer(IntPtr message);

    [LibraryImport(Library, EntryPoint = "sd_bus_message_read_basic")]
    public static partial int MessageReadBasic(IntPtr message, byte type, void* value);

    [LibraryImport(Library, EntryPoint = "sd_bus_message_read_array")]
    public static partial int MessageReadArray(IntPtr message, byte type, out IntPtr data, out nuint size);

    [LibraryImport(Library, EntryPoint = "sd_bus_message_enter_container", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MessageEnterContainer(IntPtr message, byte type, string? contents);

    [LibraryImport(Library, EntryPoint = "sd_bus_message_exit_container")]
    public static partial int MessageExitContainer(IntPtr message);

    [LibraryImport(Library, EntryPoint = "sd_bus_message_peek_type")]
    public static partial int MessagePeekType(IntPtr message, out byte type, out IntPtr contents);

    [LibraryImport(Library, EntryPoint = "sd_bus_message_skip", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MessageSkip(IntPtr message, string? types);

    [LibraryImport(Library, EntryPoint = "sd_bus_error_add_map")]
    public static partial int ErrorAddMap(IntPtr map);

    [LibraryImport(Library, EntryPoint = "sd_bus_error_set")]
    public static partial int ErrorSet(SdBusError* error, IntPtr name, IntPtr message);

    [LibraryImport(Library, EntryPoint = "sd_bus_error_set_errno")]
    public static partial int ErrorSetErrno(SdBusError* error, int errno);

    [LibraryImport(Library, EntryPoint = "sd_bus_error_free")]
    public static partial void ErrorFree(SdBusError* error);

    [LibraryImport(Library, EntryPoint = "sd_bus_query_sender_creds")]
    public static partial int QuerySenderCreds(IntPtr message, ulong mask, out IntPtr creds);

    [LibraryImport(Library, EntryPoint = "sd_bus_creds_get_euid")]
    public static partial int CredsGetEuid(IntPtr creds, out uint uid);

    [LibraryImport(Library, EntryPoint = "sd_bus_creds_unref")]
    public static partial IntPtr CredsUnref(IntPtr creds);
}
