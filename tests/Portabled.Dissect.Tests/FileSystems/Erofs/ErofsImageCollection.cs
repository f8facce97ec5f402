// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Tests.FileSystems.Erofs;

/// <summary>The erofs test classes share one <see cref="ErofsImageFixture"/> (and so run one after the other).</summary>
[CollectionDefinition(Name)]
public sealed class ErofsImageCollection : ICollectionFixture<ErofsImageFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "erofs images";
}
