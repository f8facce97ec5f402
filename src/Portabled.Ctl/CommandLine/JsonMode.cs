// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Ctl.CommandLine;

/// <summary>--json=off|short|pretty.</summary>
internal enum JsonMode
{
    Off,
    Short,
    Pretty,
}
