// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;
using Portabled.Dissect.Verity;

namespace Portabled.Dissect.Tests.Verity;

public class VerityRootHashSignatureTests
{
    private const string Hash = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    [Fact]
    public void Parse_JsonThenNuls_AllFields()
    {
        byte[] content = [.. Encoding.UTF8.GetBytes($$"""{"rootHash":"{{Hash}}","certificateFingerprint":"abcd","signature":"AQID"}"""), .. new byte[4000]];

        VerityRootHashSignature? s = VerityRootHashSignature.Parse(content, "img");

        Assert.NotNull(s);
        Assert.Equal(Convert.FromHexString(Hash), s.RootHash.ToArray());
        Assert.Equal(new byte[] { 1, 2, 3 }, s.Signature.ToArray());
        Assert.Equal("abcd", s.CertificateFingerprint);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4096)]
    public void Parse_OnlyNuls_NoData(int size)
    {
        Assert.Null(VerityRootHashSignature.Parse(new byte[size], "img"));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("[1,2]")]
    [InlineData("{\"signature\":\"AQID\"}")]
    [InlineData("{\"rootHash\":\"" + Hash + "\"}")]
    [InlineData("{\"rootHash\":5,\"signature\":\"AQID\"}")]
    [InlineData("{\"rootHash\":\"" + Hash + "\",\"signature\":[]}")]
    [InlineData("{\"rootHash\":\"zz\",\"signature\":\"AQID\"}")]
    [InlineData("{\"rootHash\":\"" + Hash + "\",\"signature\":\"!!not base64\"}")]
    [InlineData("{\"rootHash\":\"\",\"signature\":\"AQID\"}")]
    [InlineData("{\"rootHash\":\"" + Hash + "\",\"signature\":\"AQID\"} trailing")]
    public void Parse_Malformed_InvalidImage(string json)
    {
        Assert.Throws<InvalidImageException>(() => VerityRootHashSignature.Parse(Encoding.UTF8.GetBytes(json), "img"));
    }

    [Fact]
    public void Parse_NonNulAfterNul_InvalidImage()
    {
        byte[] content = [.. Encoding.UTF8.GetBytes($$"""{"rootHash":"{{Hash}}","signature":"AQID"}"""), 0, 0, (byte)'x', 0];

        var e = Assert.Throws<InvalidImageException>(() => VerityRootHashSignature.Parse(content, "img"));

        Assert.Contains("embedded NUL", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DeepNesting_InvalidImageNotStackOverflow()
    {
        string deep = "{\"a\":" + string.Concat(Enumerable.Repeat("[", 100000)) + "}";

        Assert.Throws<InvalidImageException>(() => VerityRootHashSignature.Parse(Encoding.UTF8.GetBytes(deep), "img"));
    }

    [Fact]
    public void SignedContent_LowerCaseHex()
    {
        Assert.Equal("00ff", Encoding.ASCII.GetString(VerityRootHashSignature.SignedContent([0x00, 0xFF])));
    }
}
