// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.FileSystems.Erofs;
using Portabled.Testing;

namespace Portabled.Dissect.Tests.FileSystems.Erofs;

[Collection(ErofsImageCollection.Name)]
public sealed class ErofsFileSystemTests
{
    private readonly ErofsImageFixture _fixture;

    public ErofsFileSystemTests(ErofsImageFixture fixture)
    {
        _fixture = fixture;
    }

    [RequiresTheory("mkfs.erofs", "root")]
    [MemberData(nameof(ErofsVariants.All), MemberType = typeof(ErofsVariants))]
    public void FromFileSystem_EachMkfsVariant_MatchesKernel(string variant)
    {
        string image = _fixture.BigImage(variant);
        IReadOnlyList<string> kernel = KernelOracle.List(image, fsType: "erofs");

        using ImageFile file = ImageFile.Open(image);
        using IReadOnlyFileSystem fs = new ErofsFormat().Open(file.Whole);
        IReadOnlyList<string> ours = FileSystemListing.FromFileSystem(fs);

        Assert.Equal(kernel.Count, ours.Count);
        for (int i = 0; i < kernel.Count; i++)
        {
            Assert.Equal(kernel[i], ours[i]);
        }
    }
}
