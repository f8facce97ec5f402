// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Ctl.Json;

namespace Portabled.Ctl.Tests.Json;

public sealed class JsonWriterTests
{
    private static string Document(bool pretty) => new JsonWriter(pretty).StartObject()
        .String("name", "a \"b\"\\\n")
        .Number("size", 3)
        .Number("none", null)
        .Boolean("ro", true)
        .StartArray("empty").EndArray()
        .StartArray("list").String(null, "x").EndArray()
        .EndObject().ToString();

    [Fact]
    public void Short_Document_NoWhitespace() =>
        Assert.Equal("{\"name\":\"a \\\"b\\\"\\\\\\n\",\"size\":3,\"none\":null,\"ro\":true,\"empty\":[],\"list\":[\"x\"]}\n", Document(false));

    [Fact]
    public void Pretty_Document_TabsAndSpacedColons() =>
        Assert.Equal("{\n\t\"name\" : \"a \\\"b\\\"\\\\\\n\",\n\t\"size\" : 3,\n\t\"none\" : null,\n\t\"ro\" : true,\n\t\"empty\" : [],\n\t\"list\" : [\n\t\t\"x\"\n\t]\n}\n", Document(true));
}
