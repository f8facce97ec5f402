// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Ctl.Verbs;

/// <summary>A verb: argument counts including the verb itself (upstream's verb table), its help line, and what runs it.</summary>
internal sealed record VerbDefinition(string Name, int MinArgs, int MaxArgs, bool IsDefault, string? Argspec, string Help, Func<CtlContext, IReadOnlyList<string>, int> Run);
