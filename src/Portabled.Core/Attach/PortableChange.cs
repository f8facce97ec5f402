// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Attach;

/// <summary>One element of a <c>changes a(sss)</c> reply.</summary>
/// <param name="Type">What happened.</param>
/// <param name="Path">The logical path changed.</param>
/// <param name="Source">The source (copy origin or symlink target), empty when none.</param>
public sealed record PortableChange(PortableChangeType Type, string Path, string Source);
