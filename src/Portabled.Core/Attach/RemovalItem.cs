// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Host;

namespace Portabled.Core.Attach;

/// <summary>One removal of a detach (or of the detach half of a reattach), in upstream's order.</summary>
/// <param name="Path">The logical path, reported in the <c>unlink</c> change.</param>
/// <param name="Entry">The intent entry that removes it; null when nothing is to be done on the host (a link already gone, or — in a reattach — a path the attach replaces).</param>
/// <param name="ReportedWithoutEntry">Without an entry: whether the removal is still reported (262's missing links; what a reattach replaces and upstream would have removed first).</param>
/// <param name="FailureIsError">Whether a failure is the operation's error (unit files and drop-ins) or only logged (image links, the attached directory).</param>
internal sealed record RemovalItem(string Path, IntentEntry? Entry, bool ReportedWithoutEntry, bool FailureIsError);
