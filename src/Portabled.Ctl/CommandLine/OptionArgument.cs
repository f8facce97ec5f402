// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Ctl.CommandLine;

/// <summary>Whether an option takes a value.</summary>
internal enum OptionArgument
{
    None,
    Required,
}
