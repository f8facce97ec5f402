// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Ctl.Output;

/// <summary>How many colours systemd tools use (SYSTEMD_COLORS=0|16|256|24bit).</summary>
internal enum ColorMode
{
    Off,
    Colors16,
    Colors256,
    Colors24Bit,
}
