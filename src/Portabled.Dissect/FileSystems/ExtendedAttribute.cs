// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.FileSystems;

/// <summary>
/// One extended attribute of a node: its full name as listxattr(2) reports it, namespace prefix
/// included (<c>user.…</c>, <c>trusted.…</c>, <c>security.…</c>, <c>system.posix_acl_access</c>…),
/// and its value as getxattr(2) would return it.
/// </summary>
/// <param name="Name">Full name, 1 to <see cref="ExtendedAttributeLimits.MaxNameLength"/> bytes of UTF-8.</param>
/// <param name="Value">The value, at most <see cref="ExtendedAttributeLimits.MaxValueSize"/> bytes (possibly empty).</param>
public sealed record ExtendedAttribute(string Name, byte[] Value);
