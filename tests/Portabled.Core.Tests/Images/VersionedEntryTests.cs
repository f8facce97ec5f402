// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Images;

namespace Portabled.Core.Tests.Images;

public class VersionedEntryTests
{
    private const uint None = uint.MaxValue;

    [Theory]
    [InlineData("foo_1.2", false, "1.2", 2, None, None)]
    [InlineData("foo_1.2_x86-64", false, "1.2", 0, None, None)]
    [InlineData("foo_1.2_x86", false, "1.2", 1, None, None)]
    [InlineData("foo_1.2_any", false, "1.2", 2, None, None)]
    [InlineData("foo_1_zzz", false, "1", 2, None, None)]
    [InlineData("foo_2+3", false, "2", 2, 3u, 0u)]
    [InlineData("foo_2+3-1", false, "2", 2, 3u, 1u)]
    [InlineData("foo_2+0", false, "2", 2, 0u, 0u)]
    [InlineData("foo_2+007-08", false, "2", 2, 7u, 8u)]
    [InlineData("foo_2_x86-64+0-5", false, "2", 0, 0u, 5u)]
    [InlineData("foo_2+4294967295", false, "2", 2, None, 0u)]
    [InlineData("foo_7.5.14_x86-64.raw", true, "7.5.14", 0, None, None)]
    [InlineData("foo_1.raw", false, "1.raw", 2, None, None)]
    [InlineData("foo_1.-~^A", false, "1.-~^A", 2, None, None)]
    [InlineData("foo_x86-64", false, "x86-64", 2, None, None)]
    [InlineData("foo_bar_1", false, "bar", 2, None, None)]
    public void TryParse_ValidEntry_SplitsVersionArchitectureTries(string fileName, bool raw, string version, int rank, uint left, uint done)
    {
        Assert.True(VersionedEntry.TryParse(fileName, new PickFilter("foo", raw), "x86-64", out VersionedEntry? entry));

        Assert.Equal(new VersionedEntry(fileName, version, rank, left, done), entry);
    }

    [Theory]
    [InlineData("foo_3_arm64", false)] // foreign architecture
    [InlineData("foo_3_arm64+2", false)]
    [InlineData("foo_3_s390", false)]
    [InlineData("foo_", false)] // empty version
    [InlineData("foo_+3", false)]
    [InlineData("foo__x86-64", false)]
    [InlineData("foo_.raw", true)]
    [InlineData("foo1", false)] // no separator
    [InlineData("foobar_1", false)]
    [InlineData("bar_1", false)]
    [InlineData("foo_1", true)] // no .raw suffix
    [InlineData("foo_1.raw.gz", true)]
    [InlineData("foo_5+abc", false)] // not counters: '+' stays in the version
    [InlineData("foo_5+1-", false)]
    [InlineData("foo_5+-1", false)]
    [InlineData("foo_5+99999999999", false)] // counter beyond 32 bits
    [InlineData("foo_9+5_x86-64", false)] // counters before the architecture
    [InlineData("foo_2_1_x86-64", false)] // '_' inside the version
    [InlineData("foo_1 2", false)]
    [InlineData("foo_2,1", false)]
    [InlineData("foo_2:1", false)]
    [InlineData("foo_2@1", false)]
    [InlineData("foo_2=1", false)]
    [InlineData("foo_2%1", false)]
    [InlineData("foo_2ä", false)]
    public void TryParse_InvalidEntry_ReturnsFalse(string fileName, bool raw)
    {
        bool parsed = VersionedEntry.TryParse(fileName, new PickFilter("foo", raw), "x86-64", out VersionedEntry? entry);

        Assert.False(parsed);
        Assert.Null(entry);
    }

    [Theory]
    [InlineData("arm64", "foo_1_arm64", 0)]
    [InlineData("arm64", "foo_1_arm", 1)]
    [InlineData("arm64", "foo_1", 2)]
    [InlineData("x86-64", "foo_1_x86", 1)]
    [InlineData("s390x", "foo_1_s390", 1)]
    [InlineData("riscv64", "foo_1_riscv64", 0)]
    public void TryParse_HostArchitecture_RanksNativeSecondaryNone(string native, string fileName, int rank)
    {
        Assert.True(VersionedEntry.TryParse(fileName, new PickFilter("foo", false), native, out VersionedEntry? entry));

        Assert.Equal(rank, entry.ArchitectureRank);
    }

    [Theory]
    [InlineData("arm64", "foo_1_x86-64")]
    [InlineData("riscv64", "foo_1_riscv32")]
    [InlineData("x86", "foo_1_x86-64")]
    public void TryParse_ForeignArchitecture_ReturnsFalse(string native, string fileName)
    {
        Assert.False(VersionedEntry.TryParse(fileName, new PickFilter("foo", false), native, out _));
    }

    [Theory]
    // Versions (strverscmp_improved via VersionComparer).
    [InlineData("foo_1.10", "foo_1.9", 1)]
    [InlineData("foo_1.2", "foo_1.10", -1)]
    [InlineData("foo_7.6.0", "foo_7.5.14", 1)]
    [InlineData("foo_1~rc1", "foo_1", -1)]
    [InlineData("foo_1", "foo_1.0", -1)]
    [InlineData("foo_1.", "foo_1", 1)]
    [InlineData("foo_1.a", "foo_1~rc1", 1)]
    [InlineData("foo_1-2", "foo_1", 1)]
    [InlineData("foo_2A", "foo_1", 1)]
    [InlineData("foo_2^1", "foo_1", 1)]
    [InlineData("foo_2~1", "foo_1", 1)]
    [InlineData("foo_1", "foo_abc", 1)]
    [InlineData("foo_1.a", "foo_1.B", 1)]
    // Tries left first: none left ranks below anything else, even older versions.
    [InlineData("foo_1", "foo_9+0", 1)]
    [InlineData("foo_1+1", "foo_9+0-3", 1)]
    [InlineData("foo_5+0", "foo_4+0-3", 1)]
    // Same version: native, secondary, none.
    [InlineData("foo_1_x86-64", "foo_1_x86", 1)]
    [InlineData("foo_1_x86", "foo_1", 1)]
    [InlineData("foo_1_x86", "foo_1.0", -1)] // the version decides before the architecture
    [InlineData("foo_0_x86-64", "foo_2", -1)]
    // Same version and architecture: more tries left, then fewer done; no counters beat counters.
    [InlineData("foo_2", "foo_2+3", 1)]
    [InlineData("foo_2+3", "foo_2+1-5", 1)]
    [InlineData("foo_2+2-3", "foo_2+2-9", 1)]
    [InlineData("foo_2+2-3", "foo_2+2", -1)]
    // Everything equal: the file name decides.
    [InlineData("foo_1.00", "foo_1.0", 1)]
    [InlineData("foo_01", "foo_1", -1)]
    public void Compare_Table_OrdersLikeVpick(string x, string y, int expected)
    {
        Assert.True(VersionedEntry.TryParse(x, new PickFilter("foo", false), "x86-64", out VersionedEntry? a));
        Assert.True(VersionedEntry.TryParse(y, new PickFilter("foo", false), "x86-64", out VersionedEntry? b));

        Assert.Equal(expected, Math.Sign(VersionedEntry.Compare(a, b)));
        Assert.Equal(-expected, Math.Sign(VersionedEntry.Compare(b, a)));
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("1.2.3-rc1~beta^post", true)]
    [InlineData("ABCxyz", true)]
    [InlineData("", false)]
    [InlineData("1_2", false)]
    [InlineData("1+2", false)]
    [InlineData("1,2", false)]
    [InlineData("1/2", false)]
    [InlineData("1 2", false)]
    public void IsValidVersion_Table(string version, bool valid)
    {
        Assert.Equal(valid, VersionedEntry.IsValidVersion(version));
    }
}
