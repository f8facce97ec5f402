// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Host;

namespace Portabled.Core.Attach;

/// <summary>
/// One step of an attach before its commit point: a check, a directory created or a file staged,
/// with the change it reports once the attach is complete.
/// </summary>
/// <param name="Unit">The unit it belongs to (for "Failed to attach unit '…'"); empty for image links.</param>
/// <param name="Entry">The intent entry; null for a check or a change reported without a host change of its own.</param>
/// <param name="Change">The change reported, null for none.</param>
/// <param name="Stage">What is done before the commit point (checks included); may throw.</param>
/// <param name="IsImageLink">Whether it is part of the image links, whose failures are ignored.</param>
internal sealed record AttachItem(string Unit, IntentEntry? Entry, PortableChange? Change, Action<HostTransaction> Stage, bool IsImageLink = false);
