// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Metadata;

namespace Portabled.Core.Attach;

/// <summary>Everything an attach will write, computed and validated before the first write.</summary>
/// <param name="Context">What the drop-ins share.</param>
/// <param name="Units">The units, sorted by name.</param>
/// <param name="ProfileDropIns">Unit type → logical path of the profile's drop-in, for the types the profile has.</param>
/// <param name="Mode">The copy mode.</param>
internal sealed record AttachPlan(DropInContext Context, IReadOnlyList<ExtractedUnit> Units, IReadOnlyDictionary<string, string> ProfileDropIns, CopyMode Mode);
