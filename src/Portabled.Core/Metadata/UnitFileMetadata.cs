// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Metadata;

/// <summary>A unit file found in an image.</summary>
/// <param name="Name">Unit name.</param>
/// <param name="Contents">Raw bytes of the unit file.</param>
public sealed record UnitFileMetadata(string Name, byte[] Contents);
