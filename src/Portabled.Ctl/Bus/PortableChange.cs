// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Ctl.Bus;

/// <summary>One (type, path, source) entry of an attach/detach/reattach reply.</summary>
internal sealed record PortableChange(string Type, string Path, string Source);
