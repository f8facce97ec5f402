// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.SdBus.Journal;

namespace Portabled.SdBus.Tests.Journal;

public class JournalEntryTests
{
    [Theory]
    [InlineData("MESSAGE", true)]
    [InlineData("PORTABLE_ROOT", true)]
    [InlineData("A1", true)]
    [InlineData("_PID", false)]
    [InlineData("1A", false)]
    [InlineData("message", false)]
    [InlineData("A-B", false)]
    [InlineData("", false)]
    public void IsValidFieldName_Name_AsJournaldAccepts(string name, bool valid)
    {
        Assert.Equal(valid, JournalEntry.IsValidFieldName(name));
    }

    [Fact]
    public void IsValidFieldName_65Characters_Refused()
    {
        Assert.True(JournalEntry.IsValidFieldName(new string('A', 64)));
        Assert.False(JournalEntry.IsValidFieldName(new string('A', 65)));
    }

    [Fact]
    public void Add_InvalidName_Throws()
    {
        Assert.Throws<ArgumentException>(() => new JournalEntry().Add("_SYSTEMD_UNIT", "x"));
    }

    [Fact]
    public void Add_BeyondMaxFields_Throws()
    {
        var entry = new JournalEntry();
        for (int i = 0; i < JournalEntry.MaxFields; i++)
        {
            entry.Add("F", "v");
        }

        Assert.Throws<InvalidOperationException>(() => entry.Add("F", "v"));
    }
}
