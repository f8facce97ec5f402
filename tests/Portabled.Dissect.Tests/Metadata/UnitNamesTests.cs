// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Metadata;

namespace Portabled.Dissect.Tests.Metadata;

public class UnitNamesTests
{
    [Theory]
    [InlineData("foo.service", true)]
    [InlineData("foo@.service", true)]
    [InlineData("foo@bar.service", true)]
    [InlineData("foo@bar@baz.socket", true)]
    [InlineData("a-b_c:d\\x2d.e.timer", true)]
    [InlineData("foo.mount", true)]
    [InlineData("foo.slice", true)]
    [InlineData("@.service", false)]
    [InlineData("@foo.service", false)]
    [InlineData(".service", false)]
    [InlineData("foo", false)]
    [InlineData("foo.", false)]
    [InlineData("foo.bar", false)]
    [InlineData("foo bar.service", false)]
    [InlineData("foo/bar.service", false)]
    [InlineData("fö.service", false)]
    [InlineData("", false)]
    public void IsValid_Name_FollowsSystemdRules(string name, bool valid)
    {
        Assert.Equal(valid, UnitNames.IsValid(name));
    }

    [Fact]
    public void IsValid_LengthLimit_Is255()
    {
        Assert.True(UnitNames.IsValid(new string('a', 255 - 8) + ".service"));
        Assert.False(UnitNames.IsValid(new string('a', 256 - 8) + ".service"));
    }

    [Theory]
    [InlineData("foo@.service", true)]
    [InlineData("foo@x.service", false)]
    [InlineData("foo.service", false)]
    public void IsTemplate_Name_DetectsTemplates(string name, bool template)
    {
        Assert.Equal(template, UnitNames.IsTemplate(name));
    }

    [Theory]
    [InlineData("foo@bar.service", true, "foo@.service", "bar")]
    [InlineData("foo@bar@baz.socket", true, "foo@.socket", "bar@baz")]
    [InlineData("foo@.service", false, null, null)]
    [InlineData("foo.service", false, null, null)]
    public void IsInstance_Name_SplitsTemplateAndInstance(string name, bool instance, string? template, string? instanceName)
    {
        Assert.Equal(instance, UnitNames.IsInstance(name));
        Assert.Equal(template, UnitNames.TryGetTemplate(name));
        Assert.Equal(instanceName, UnitNames.TryGetInstance(name));
    }

    [Theory]
    [InlineData("foo@.service", "x", "foo@x.service")]
    [InlineData("foo@y.service", "x", "foo@x.service")]
    public void ReplaceInstance_TemplateOrInstance_PutsInstanceIn(string name, string instance, string expected)
    {
        Assert.Equal(expected, UnitNames.ReplaceInstance(name, instance));
    }

    [Fact]
    public void ReplaceInstance_PlainName_Throws()
    {
        Assert.Throws<ArgumentException>(() => UnitNames.ReplaceInstance("foo.service", "x"));
    }

    [Theory]
    [InlineData("minimal-app.service", true)]
    [InlineData("minimal.target", true)]
    [InlineData("minimal@.service", true)]
    [InlineData("minimal-etc.service", true)]
    [InlineData("minimal", true)]
    [InlineData("minimalist.service", false)]
    [InlineData("other.service", false)]
    [InlineData("xminimal.service", false)]
    public void MatchesPrefixes_ObservedCases_Match(string unit, bool matches)
    {
        Assert.Equal(matches, UnitNames.MatchesPrefixes(unit, ["minimal"]));
    }

    [Fact]
    public void MatchesPrefixes_EmptyList_MatchesEverything()
    {
        Assert.True(UnitNames.MatchesPrefixes("anything.service", []));
    }

    [Theory]
    [InlineData("a.service", true)]
    [InlineData("a.socket", true)]
    [InlineData("a.target", true)]
    [InlineData("a.timer", true)]
    [InlineData("a.path", true)]
    [InlineData("a.mount", false)]
    [InlineData("a.slice", false)]
    public void HasPortableSuffix_Name_AcceptsTheFiveTypes(string name, bool accepted)
    {
        Assert.Equal(accepted, UnitNames.HasPortableSuffix(name));
    }
}
