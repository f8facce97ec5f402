// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;

namespace Portabled.SdBus.Journal;

/// <summary>libsystemd's native journal protocol entry point (sd_journal_print(3)).</summary>
internal static unsafe partial class SdJournalNative
{
    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public byte* Base;
        public nuint Length;
    }

    /// <summary>Sends one entry made of <c>FIELD=value</c> items; a negative errno on failure.</summary>
    [LibraryImport(Interop.SdBusNative.Library, EntryPoint = "sd_journal_sendv")]
    public static partial int SendV(IoVec* iov, int count);
}
