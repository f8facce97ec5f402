// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Tests.FileSystems.Ext4;

/// <summary>Shares one <see cref="Ext4ImageFixture"/> (images built once) between the ext4 test classes.</summary>
[CollectionDefinition(Name)]
public sealed class Ext4ImageCollection : ICollectionFixture<Ext4ImageFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "ext4 images";
}
