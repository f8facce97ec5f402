// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Ctl.Bus;

/// <summary>One ListImages element (ssbtttso); times in µs since the epoch, 0 when unknown; sizes UINT64_MAX when unknown.</summary>
internal sealed record ImageEntry(string Name, string Type, bool ReadOnly, ulong CreationTime, ulong ModificationTime, ulong Usage, string State, string ObjectPath);
