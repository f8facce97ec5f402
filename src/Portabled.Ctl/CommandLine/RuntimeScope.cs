// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Ctl.CommandLine;

/// <summary>The system-wide portabled or the user's own (--user).</summary>
internal enum RuntimeScope
{
    System,
    User,
}
