// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Ctl.CommandLine;

/// <summary>One option occurrence, or (<see cref="Option"/> null) a positional argument.</summary>
internal readonly record struct ParsedOption(OptionDefinition? Option, string? Value);
