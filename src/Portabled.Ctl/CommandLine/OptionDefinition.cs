// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Ctl.CommandLine;

/// <summary>One option: its names, whether it takes a value, and its line in --help (null: hidden).</summary>
internal sealed record OptionDefinition(OptionId Id, char? Short, string Long, OptionArgument Argument, string? Metavar, string? Help);
