// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Tests.FileSystems.SquashFs;

/// <summary>The squashfs test classes share one <see cref="SquashFsImageFixture"/>, so every image is built once per run.</summary>
[CollectionDefinition(Name)]
public sealed class SquashFsCollection : ICollectionFixture<SquashFsImageFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "squashfs images";
}
