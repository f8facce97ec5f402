// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Ctl.Verbs;

namespace Portabled.Ctl.Tests.Verbs;

public sealed class ClosestMatchTests
{
    private static readonly string[] s_verbs = VerbTable.All.Select(v => v.Name).ToArray();

    [Theory]
    [InlineData("re", "remove")]
    [InlineData("de", "detach")]
    [InlineData("i", "inspect")]
    [InlineData("is", "is-attached")]
    [InlineData("", "list")]
    [InlineData("x", "list")]
    [InlineData("lsit", "list")]
    [InlineData("LIST", "list")]
    [InlineData("attahc", "attach")]
    [InlineData("zzzzzzzzzzz", null)]
    public void Find_Input_UpstreamsSuggestion(string input, string? expected) => Assert.Equal(expected, ClosestMatch.Find(s_verbs, input));

    [Theory]
    [InlineData("abc", "abc", 0)]
    [InlineData("abc", "acb", 1)]
    [InlineData("", "list", 4)]
    [InlineData("kitten", "sitting", 3)]
    public void Distance_Pairs_CountsSwapsAsOneEdit(string a, string b, int distance) => Assert.Equal(distance, ClosestMatch.Distance(a, b));
}
