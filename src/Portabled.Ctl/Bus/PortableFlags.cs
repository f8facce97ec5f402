// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Ctl.Bus;

/// <summary>The public flags of the …WithExtensions methods (docs/portable1-api.md).</summary>
internal static class PortableFlags
{
    public const ulong Runtime = 1;
    public const ulong ForceAttach = 2;
    public const ulong ForceExtension = 4;
}
