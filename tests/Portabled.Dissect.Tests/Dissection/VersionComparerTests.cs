// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Dissection;

namespace Portabled.Dissect.Tests.Dissection;

public class VersionComparerTests
{
    [Theory]
    [InlineData("11", "11", 0)]
    [InlineData("systemd-123", "systemd-123", 0)]
    [InlineData("bar-123", "foo-123", -1)]
    [InlineData("123a", "123", 1)]
    [InlineData("123.a", "123", 1)]
    [InlineData("123.a", "123.b", -1)]
    [InlineData("123a", "123.a", 1)]
    [InlineData("11α", "11β", 0)]
    [InlineData("A", "a", -1)]
    [InlineData("", "0", -1)]
    [InlineData("0.", "0", 1)]
    [InlineData("0.0", "0", 1)]
    [InlineData("", "~", -1)]
    [InlineData("1_", "1", 0)]
    [InlineData("_1", "1", 0)]
    [InlineData("1_", "1.2", -1)]
    [InlineData("1_2_3", "1.3.3", 1)]
    [InlineData("1+", "1", 0)]
    [InlineData("1+2+3", "1.3.3", 1)]
    [InlineData("root-1.10", "root-1.9", 1)]
    [InlineData("1.0~rc1", "1.0", -1)]
    [InlineData("007", "7", 0)]
    [InlineData(null, "1", -1)]
    public void Compare_SpecExamples_Ordered(string? a, string? b, int expected)
    {
        Assert.Equal(expected, VersionComparer.Instance.Compare(a, b));
        Assert.Equal(-expected, VersionComparer.Instance.Compare(b, a));
    }

    [Fact]
    public void Compare_AscendingList_IsSorted()
    {
        // Ascending by UAPI version comparison (the order systemd's own strverscmp_improved() test asserts).
        string[] ascending =
        [
            "", "~1", "ab", "abb", "abc", "0001", "002", "12", "122", "122.9", "123~rc1", "123", "123-a", "123-a.1",
            "123-1", "123-1.1", "123^post1", "123.a-1", "123.1-1", "123a-1", "124", "124-1",
        ];
        for (int i = 0; i < ascending.Length; i++)
        {
            for (int j = 0; j < ascending.Length; j++)
            {
                Assert.True(Math.Sign(i.CompareTo(j)) == VersionComparer.Instance.Compare(ascending[i], ascending[j]),
                    $"'{ascending[i]}' vs '{ascending[j]}'");
            }
        }
    }
}
