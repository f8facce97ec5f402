// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Ctl.CommandLine;

namespace Portabled.Ctl.Tests.CommandLine;

public sealed class MachineSpecTests
{
    [Theory]
    [InlineData(".host", true)]
    [InlineData("@", true)]
    [InlineData("foo@", true)]
    [InlineData("root@.host", true)]
    [InlineData("web-1.example", true)]
    [InlineData("", false)]
    [InlineData("a b", false)]
    [InlineData("-x", false)]
    [InlineData("x-", false)]
    [InlineData("a..b", false)]
    [InlineData("a.", false)]
    [InlineData("under_score", false)]
    public void IsValid_Spec_AsMachineSpecValid(string spec, bool valid) => Assert.Equal(valid, MachineSpec.IsValid(spec));
}
