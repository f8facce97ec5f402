// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Host;

/// <summary>What completing one intent entry did.</summary>
/// <param name="Changed">Whether the host changed (a rename or removal happened; false when there was nothing to do).</param>
/// <param name="Error">The failure, after one retry of a transient one; null when none.</param>
internal readonly record struct IntentOutcome(bool Changed, Exception? Error);
