// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Tests.FileSystems;

/// <summary>Shares one <see cref="ExtendedAttributeImageFixture"/> (tree and images built once) between the xattr test classes.</summary>
[CollectionDefinition(Name)]
public sealed class ExtendedAttributeImageCollection : ICollectionFixture<ExtendedAttributeImageFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "xattr images";
}
