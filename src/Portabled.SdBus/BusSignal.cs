// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.SdBus.Interop;

namespace Portabled.SdBus;

/// <summary>A message delivered to a match handler; valid only while the handler runs.</summary>
public sealed class BusSignal
{
    internal BusSignal(IntPtr message)
    {
        Path = NativeStrings.FromUtf8(SdBusNative.MessageGetPath(message)) ?? string.Empty;
        Interface = NativeStrings.FromUtf8(SdBusNative.MessageGetInterface(message)) ?? string.Empty;
        Member = NativeStrings.FromUtf8(SdBusNative.MessageGetMember(message)) ?? string.Empty;
        Sender = NativeStrings.FromUtf8(SdBusNative.MessageGetSender(message)) ?? string.Empty;
        Arguments = new MessageReader(message);
    }

    /// <summary>The object path that emitted it.</summary>
    public string Path { get; }

    /// <summary>The interface.</summary>
    public string Interface { get; }

    /// <summary>The member (signal name).</summary>
    public string Member { get; }

    /// <summary>The unique name of the sender.</summary>
    public string Sender { get; }

    /// <summary>Reads the body.</summary>
    public MessageReader Arguments { get; }
}
