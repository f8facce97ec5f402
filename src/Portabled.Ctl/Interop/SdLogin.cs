// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;

namespace Portabled.Ctl.Interop;

/// <summary>The one sd-login call the pager needs: whose login session this process is in.</summary>
internal static partial class SdLogin
{
    [LibraryImport("libsystemd.so.0", EntryPoint = "sd_pid_get_owner_uid")]
    private static partial int PidGetOwnerUid(int pid, out uint uid);

    /// <summary>The owner of the caller's login session, or null outside any session.</summary>
    public static uint? SessionOwner() => PidGetOwnerUid(0, out uint uid) >= 0 ? uid : null;
}
