// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Ctl.Interop;

/// <summary>The errno values the client produces itself.</summary>
internal static class Errno
{
    public const int ENOENT = 2;
    public const int EACCES = 13;
    public const int ENOTDIR = 20;
    public const int EINVAL = 22;
    public const int ENAMETOOLONG = 36;
    public const int ELOOP = 40;
    public const int EOPNOTSUPP = 95;
    public const int EADDRNOTAVAIL = 99;
    public const int EHOSTDOWN = 112;
    public const int ENOMEDIUM = 123;
    public const int EPERM = 1;
}
