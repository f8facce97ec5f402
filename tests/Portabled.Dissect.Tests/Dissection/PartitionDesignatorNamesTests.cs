// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Dissection;

namespace Portabled.Dissect.Tests.Dissection;

public class PartitionDesignatorNamesTests
{
    [Fact]
    public void ToName_TryParse_RoundTripsEveryDesignator()
    {
        foreach (PartitionDesignator d in Enum.GetValues<PartitionDesignator>())
        {
            Assert.True(PartitionDesignatorNames.TryParse(PartitionDesignatorNames.ToName(d), out PartitionDesignator parsed));
            Assert.Equal(d, parsed);
        }

        Assert.False(PartitionDesignatorNames.TryParse("root-x86-64", out _));
    }

    [Fact]
    public void DpsPartitionTypes_AllTypes_NamesUniqueAndConsistent()
    {
        Assert.Equal(21 * 6 + 9, DpsPartitionTypes.All.Count);
        Assert.Equal(DpsPartitionTypes.All.Count, DpsPartitionTypes.All.Select(t => t.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("usr-arm64-verity", DpsPartitionTypes.Find(PartitionDesignator.UsrVerity, "arm64")!.Name);
        Assert.True(DpsPartitionTypes.TryGet(new Guid("4f68bce3-e8cd-4db1-96e7-fbcaf984b709"), out DpsPartitionType root));
        Assert.Equal(("root-x86-64", PartitionDesignator.Root, "x86-64"), (root.Name, root.Designator!.Value, root.Architecture));
    }

    [Theory]
    [InlineData("x86-64", "x86", "x86-64", 1)]
    [InlineData("x86", "arm64", "x86-64", 1)]
    [InlineData("arm64", "riscv64", "x86-64", 0)]
    [InlineData("x86", "x86-64", "x86-64", -1)]
    public void DpsArchitecture_Compare_NativeThenSecondary(string a, string b, string host, int expected)
    {
        Assert.Equal(expected, Math.Sign(DpsArchitecture.Compare(a, b, host)));
    }
}
