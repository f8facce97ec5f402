// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;

namespace Portabled.Service.Hosting;

/// <summary>umask(2); upstream portabled sets 0022 at start-up.</summary>
internal static partial class UmaskSetter
{
    public static void Set(uint mask) => Umask(mask);

    [LibraryImport("libc.so.6", EntryPoint = "umask")]
    private static partial uint Umask(uint mask);
}
