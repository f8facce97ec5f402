// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text.Json;
using Portabled.DissectTool.Metadata;
using Portabled.DissectTool.Output;

namespace Portabled.DissectTool.Tests.Output;

public class OutputFormattingTests
{
    [Theory]
    [InlineData(0UL, "0B")]
    [InlineData(512UL, "512B")]
    [InlineData(4096UL, "4.0K")]
    [InlineData(8388608UL, "8.0M")]
    [InlineData(1610612736UL, "1.5G")]
    [InlineData(1099511627775UL, "1023.9G")]
    public void ByteSizeFormatter_Format_LikeSystemd(ulong bytes, string expected)
    {
        Assert.Equal(expected, ByteSizeFormatter.Format(bytes));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a b", "a\\x20b")]
    [InlineData("back\\slash", "back\\x5cslash")]
    [InlineData("tab\tnl\n", "tab\\x09nl\\x0a")]
    [InlineData("#;*?[]", "\\x23\\x3b\\x2a\\x3f\\x5b]")]
    [InlineData("é", "\\xc3\\xa9")]
    public void MtreeEscaper_Escape_LikeXescape(string input, string expected)
    {
        Assert.Equal(expected, MtreeEscaper.Escape(input));
    }

    [Theory]
    [InlineData(false, "{\"a\":\"x\\\"y\\\\z\\n\\u0001é\",\"b\":[],\"c\":null,\"d\":true,\"e\":-5}\n")]
    [InlineData(true, "{\n\t\"a\" : \"x\\\"y\\\\z\\n\\u0001é\",\n\t\"b\" : [],\n\t\"c\" : null,\n\t\"d\" : true,\n\t\"e\" : -5\n}\n")]
    public void JsonOutputWriter_Layout_LikeSystemd(bool pretty, string expected)
    {
        var text = new StringWriter();
        var json = new JsonOutputWriter(text, pretty);
        json.StartObject();
        json.String("a", "x\"y\\z\n\u0001é");
        json.StartArray("b");
        json.EndArray();
        json.String("c", null);
        json.Boolean("d", true);
        json.Number("e", -5);
        json.EndObject();
        json.Finish();

        Assert.Equal(expected, text.ToString());
        using JsonDocument parsed = JsonDocument.Parse(text.ToString());
        Assert.Equal("x\"y\\z\n\u0001é", parsed.RootElement.GetProperty("a").GetString());
    }
}
