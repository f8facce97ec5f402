// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;
using Portabled.Core.Units;

namespace Portabled.Core.Tests.Units;

public class InstallSectionTests
{
    [Theory]
    [InlineData("[Install]\nWantedBy=a.target b.target\n", "", "a.target,b.target", "", true, false)]
    [InlineData("[Install]\nAlias=x.service \"y.service\"\n", "x.service,y.service", "", "", true, false)]
    [InlineData("[Install]\nAlso=o.service\n", "", "", "o.service", false, true)]
    [InlineData("[Install]\nWantedBy=a.target\nWantedBy=\n", "", "", "", false, false)]
    [InlineData("[Service]\nWantedBy=a.target\n[Install]\n# WantedBy=b.target\n; Also=c.service\n", "", "", "", false, false)]
    [InlineData("[Install]\nWantedBy=a.target \\\n  b.target\n", "", "a.target,b.target", "", true, false)]
    [InlineData("WantedBy=a.target\n[Install]\nwantedby=b.target\n", "", "", "", false, false)]
    [InlineData("[Install]\r\nUpheldBy = u.target\r\n", "", "", "", true, false)]
    public void Parse_File_CollectsInstallRules(string text, string aliases, string wantedBy, string also, bool hasRules, bool hasAlso)
    {
        var section = new InstallSection();

        section.Parse(Encoding.UTF8.GetBytes(text), "app.service");

        Assert.Equal(aliases, string.Join(',', section.Aliases));
        Assert.Equal(wantedBy, string.Join(',', section.WantedBy));
        Assert.Equal(also, string.Join(',', section.Also));
        Assert.Equal(hasRules, section.HasRules);
        Assert.Equal(hasAlso, section.HasAlso);
    }

    [Fact]
    public void Parse_TwoFiles_Accumulate()
    {
        var section = new InstallSection();

        section.Parse("[Install]\nWantedBy=a.target\n"u8, "app.service");
        section.Parse("[Install]\nWantedBy=b.target\n"u8, "app.service");

        Assert.Equal(["a.target", "b.target"], section.WantedBy);
    }

    [Theory]
    [InlineData("app@.service", "one")]
    [InlineData("app@x.service", null)]
    [InlineData("app.service", null)]
    public void Parse_DefaultInstance_OnlyForTemplates(string unit, string? expected)
    {
        var section = new InstallSection();

        section.Parse("[Install]\nDefaultInstance=one\n"u8, unit);

        Assert.Equal(expected, section.DefaultInstance);
    }
}
