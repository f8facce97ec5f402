// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Ctl.Output;

namespace Portabled.Ctl.Tests.Output;

/// <summary>Layouts without a terminal (the test's stdout is none): no squeezing, no colours.</summary>
public sealed class TextTableTests
{
    [Fact]
    public void Render_Rows_PaddedColumnsUpperCaseHeaderNoTrailingSpace()
    {
        var t = new TextTable("name", "state");
        t.AddRow(TableCell.Of("zeta"), TableCell.Of("detached"));
        t.AddRow(TableCell.Of("a"), TableCell.Of("x"));
        t.SortBy(0);
        Assert.Equal("NAME STATE\na    x\nzeta detached\n", t.Render());
    }

    [Fact]
    public void Render_NoHeader_OnlyData()
    {
        var t = new TextTable("a", "b") { ShowHeader = false };
        t.AddRow(TableCell.Of("1"), TableCell.Of("2"));
        Assert.Equal("1 2\n", t.Render());
    }

    [Fact]
    public void Render_MultiLineCell_SubLinesPadded()
    {
        var t = new TextTable("a", "b") { ShowHeader = false };
        t.AddRow(TableCell.Of("one\ntwo-two"), TableCell.Of("x"));
        // Like upstream: the separator stays in front of the empty last cell.
        Assert.Equal("one     x\ntwo-two \n", t.Render());
    }

    [Fact]
    public void Format_WrappedCell_GreedyToWidth()
    {
        TableCell c = TableCell.Wrapped(["aa", "bb", "cc", "dddd"]);
        Assert.Equal("aa bb\ncc\ndddd", c.Format(5));
        Assert.Equal("aa bb cc dddd", c.Format(null));
    }

    [Fact]
    public void SetMinimumWidth_WideFirstColumn_Padded()
    {
        var t = new TextTable("a", "b") { ShowHeader = false };
        t.AddRow(TableCell.Of("x"), TableCell.Of("y"));
        t.SetMinimumWidth(0, 4);
        Assert.Equal("x    y\n", t.Render());
        Assert.Equal(1, t.NaturalWidth(0));
    }
}
