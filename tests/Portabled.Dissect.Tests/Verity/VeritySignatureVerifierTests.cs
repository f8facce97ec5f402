// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Tests.Fixtures;
using Portabled.Dissect.Verity;
using Portabled.Testing;
using Portabled.Testing.Verity;

namespace Portabled.Dissect.Tests.Verity;

/// <summary>Signatures made with <c>openssl smime</c> (as systemd's tests and repart make them), checked against verity.d directories under a root prefix.</summary>
public class VeritySignatureVerifierTests
{
    private const string Hash = "5ae1d1cbd0a73ff1b0ef3c2c9b1f9f4bd12c8cf6b2c1e3b6f0c2a8d4e6b1c3d5";

    [RequiresFact("openssl")]
    public void Check_TrustedSigner_Valid()
    {
        using VerityCertificateStore store = Store(TestSigningKey.Trusted);

        Assert.Equal(VeritySignatureCheck.Valid, VeritySignatureVerifier.Check(Convert.FromHexString(Hash), TestSigningKey.Trusted.Sign(Hash), store));
    }

    [RequiresFact("openssl")]
    public void Check_OtherRootHash_Untrusted()
    {
        using VerityCertificateStore store = Store(TestSigningKey.Trusted);
        byte[] other = Convert.FromHexString(Hash);
        other[0] ^= 1;

        Assert.Equal(VeritySignatureCheck.Untrusted, VeritySignatureVerifier.Check(other, TestSigningKey.Trusted.Sign(Hash), store));
    }

    [RequiresFact("openssl")]
    public void Check_UntrustedSigner_Untrusted()
    {
        using VerityCertificateStore store = Store(TestSigningKey.Trusted);

        Assert.Equal(VeritySignatureCheck.Untrusted, VeritySignatureVerifier.Check(Convert.FromHexString(Hash), TestSigningKey.Untrusted.Sign(Hash), store));
    }

    /// <summary>A signature that carries its own (untrusted) certificate is not trusted for carrying it (PKCS7_NOINTERN).</summary>
    [RequiresFact("openssl")]
    public void Check_EmbeddedUntrustedCertificate_Untrusted()
    {
        using VerityCertificateStore store = Store(TestSigningKey.Trusted);

        Assert.Equal(VeritySignatureCheck.Untrusted,
            VeritySignatureVerifier.Check(Convert.FromHexString(Hash), TestSigningKey.Untrusted.Sign(Hash, embedCertificate: true), store));
    }

    [RequiresFact("openssl")]
    public void Check_EmbeddedTrustedCertificate_Valid()
    {
        using VerityCertificateStore store = Store(TestSigningKey.Trusted);

        Assert.Equal(VeritySignatureCheck.Valid,
            VeritySignatureVerifier.Check(Convert.FromHexString(Hash), TestSigningKey.Trusted.Sign(Hash, embedCertificate: true), store));
    }

    [RequiresFact("openssl")]
    public void Check_NoCertificates_NoCertificates()
    {
        using VerityCertificateStore store = VerityCertificateStore.Load(TestImages.NewPath("empty-root"));

        Assert.Equal(VeritySignatureCheck.NoCertificates, VeritySignatureVerifier.Check(Convert.FromHexString(Hash), TestSigningKey.Trusted.Sign(Hash), store));
    }

    [RequiresFact("openssl")]
    public void Check_NotPkcs7_Malformed()
    {
        using VerityCertificateStore store = Store(TestSigningKey.Trusted);

        Assert.Equal(VeritySignatureCheck.Malformed, VeritySignatureVerifier.Check(Convert.FromHexString(Hash), [0x30, 0x03, 0x01, 0x02, 0x03], store));
    }

    [RequiresTheory("openssl")]
    [InlineData("rsa")]
    [InlineData("ecdsa")]
    public void Check_KeyKind_ValidForItsRootHashOnly(string kind)
    {
        TestSigningKey key = kind == "rsa" ? TestSigningKey.Trusted : TestSigningKey.TrustedEcdsa;
        using VerityCertificateStore store = Store(key);
        byte[] signature = key.Sign(Hash);
        byte[] other = Convert.FromHexString(Hash);
        other[^1] ^= 0x80;

        Assert.Equal(VeritySignatureCheck.Valid, VeritySignatureVerifier.Check(Convert.FromHexString(Hash), signature, store));
        Assert.Equal(VeritySignatureCheck.Untrusted, VeritySignatureVerifier.Check(other, signature, store));
    }

    /// <summary>Both keys trusted: each signature finds its own signer among the certificates.</summary>
    [RequiresFact("openssl")]
    public void Check_SeveralTrustedCertificates_EachSignerFound()
    {
        string root = TestImages.NewPath("root");
        TestSigningKey.Trusted.Trust(root + "/etc/verity.d", "a.crt");
        TestSigningKey.TrustedEcdsa.Trust(root + "/usr/lib/verity.d", "b.crt");
        using VerityCertificateStore store = VerityCertificateStore.Load(root);

        Assert.Equal(2, store.Paths.Count);
        Assert.Equal(VeritySignatureCheck.Valid, VeritySignatureVerifier.Check(Convert.FromHexString(Hash), TestSigningKey.Trusted.Sign(Hash), store));
        Assert.Equal(VeritySignatureCheck.Valid, VeritySignatureVerifier.Check(Convert.FromHexString(Hash), TestSigningKey.TrustedEcdsa.Sign(Hash), store));
    }

    /// <summary>Bytes that are not a PKCS#7 SignedData: cut short, a wrong outer tag, a ContentInfo of type data, nothing.</summary>
    [RequiresTheory("openssl")]
    [InlineData("truncated")]
    [InlineData("outer-tag")]
    [InlineData("one-byte-short")]
    [InlineData("data-content-type")]
    [InlineData("empty")]
    public void Check_CorruptDer_Malformed(string how)
    {
        using VerityCertificateStore store = Store(TestSigningKey.Trusted);
        byte[] signature = TestSigningKey.Trusted.Sign(Hash);
        byte[] corrupt = how switch
        {
            "truncated" => signature[..(signature.Length / 2)],
            "outer-tag" => [0x31, .. signature[1..]],
            "one-byte-short" => signature[..^1],
            "data-content-type" => [0x30, 0x11, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01, 0xa0, 0x04, 0x04, 0x02, 0x61, 0x62],
            _ => [],
        };

        Assert.Equal(VeritySignatureCheck.Malformed, VeritySignatureVerifier.Check(Convert.FromHexString(Hash), corrupt, store));
    }

    /// <summary>A CMS signer named by subject key identifier does not decode as PKCS#7 (systemd: "Failed to parse PKCS7 DER signature data.").</summary>
    [RequiresFact("openssl")]
    public void Check_CmsSignerByKeyId_Malformed()
    {
        using VerityCertificateStore store = Store(TestSigningKey.Trusted);

        Assert.Equal(VeritySignatureCheck.Malformed, VeritySignatureVerifier.Check(Convert.FromHexString(Hash), TestSigningKey.Trusted.SignCmsByKeyId(Hash), store));
    }

    /// <summary>Bytes after the signature are ignored, as d2i_PKCS7 ignores them for systemd.</summary>
    [RequiresFact("openssl")]
    public void Check_TrailingBytes_Ignored()
    {
        using VerityCertificateStore store = Store(TestSigningKey.Trusted);

        Assert.Equal(VeritySignatureCheck.Valid, VeritySignatureVerifier.Check(Convert.FromHexString(Hash), [.. TestSigningKey.Trusted.Sign(Hash), 0x00, 0x30], store));
    }

    /// <summary>A well-formed SignedData whose signature value was altered, or that has no signer at all.</summary>
    [RequiresTheory("openssl")]
    [InlineData("flipped-signature")]
    [InlineData("no-signer")]
    public void Check_WellFormedNotVerifying_Untrusted(string how)
    {
        using VerityCertificateStore store = Store(TestSigningKey.Trusted);
        byte[] signature = how == "no-signer" ? TestSigningKey.Trusted.CertificateOnly() : TestSigningKey.Trusted.Sign(Hash);
        if (how == "flipped-signature")
        {
            signature[^1] ^= 0x01;
        }

        Assert.Equal(VeritySignatureCheck.Untrusted, VeritySignatureVerifier.Check(Convert.FromHexString(Hash), signature, store));
    }

    /// <summary>
    /// The signer's certificate is only inside the signature, next to a copy of the trusted one: it is
    /// still not trusted (PKCS7_NOINTERN looks for signers among the verity.d certificates only).
    /// </summary>
    [RequiresFact("openssl")]
    public void Check_SignerOnlyEmbedded_Untrusted()
    {
        using VerityCertificateStore store = Store(TestSigningKey.Trusted);
        byte[] signature = TestSigningKey.Untrusted.SignWith(Hash, "-certfile", TestSigningKey.Trusted.CertificatePath);

        Assert.Equal(VeritySignatureCheck.Untrusted, VeritySignatureVerifier.Check(Convert.FromHexString(Hash), signature, store));
    }

    /// <summary>
    /// A signature with its content attached is checked against the root hash, never against the text
    /// it carries: PKCS7_verify reads the content systemd passes in (the root hash) and ignores the
    /// attached copy.
    /// </summary>
    [RequiresTheory("openssl")]
    [InlineData(Hash, VeritySignatureCheck.Valid)]
    [InlineData("0000", VeritySignatureCheck.Untrusted)]
    public void Check_AttachedContent_CheckedAgainstRootHash(string content, VeritySignatureCheck expected)
    {
        using VerityCertificateStore store = Store(TestSigningKey.Trusted);
        byte[] signature = TestSigningKey.Trusted.SignWith(content, "-nocerts", "-nodetach");

        Assert.Equal(expected, VeritySignatureVerifier.Check(Convert.FromHexString(Hash), signature, store));
    }

    /// <summary>verity.d directories that exist but trust nothing: only masks, non-.crt files and unparsable .crt files.</summary>
    [RequiresFact("openssl")]
    public void Check_MaskedOrUnusableStore_NoCertificates()
    {
        string root = TestImages.NewPath("root");
        TestSigningKey.Trusted.Trust(root + "/usr/lib/verity.d", "a.crt");
        TestSigningKey.Trusted.Trust(root + "/usr/local/lib/verity.d", "b.crt");
        TestSigningKey.Trusted.Trust(root + "/etc/verity.d", "c.pem");
        Directory.CreateDirectory(root + "/run/verity.d");
        File.CreateSymbolicLink(root + "/run/verity.d/a.crt", "/dev/null");
        File.WriteAllText(root + "/etc/verity.d/b.crt", string.Empty);
        File.WriteAllText(root + "/etc/verity.d/d.crt", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

        using VerityCertificateStore store = VerityCertificateStore.Load(root);

        Assert.Empty(store.Paths);
        Assert.Equal(VeritySignatureCheck.NoCertificates, VeritySignatureVerifier.Check(Convert.FromHexString(Hash), TestSigningKey.Trusted.Sign(Hash), store));
    }

    [RequiresTheory("openssl")]
    [InlineData("/etc/verity.d")]
    [InlineData("/run/verity.d")]
    [InlineData("/usr/local/lib/verity.d")]
    [InlineData("/usr/lib/verity.d")]
    public void Load_EachDirectory_Trusted(string directory)
    {
        string root = TestImages.NewPath("root");
        TestSigningKey.Trusted.Trust(root + directory);

        using VerityCertificateStore store = VerityCertificateStore.Load(root);

        Assert.Equal([root + directory + "/test.crt"], store.Paths);
    }

    /// <summary>A name in /etc hides the same name in /usr/lib; an empty file or a link to /dev/null masks it.</summary>
    [RequiresTheory("openssl")]
    [InlineData("other", 1)]
    [InlineData("empty", 0)]
    [InlineData("devnull", 0)]
    public void Load_EtcHidesUsrLib(string etc, int expected)
    {
        string root = TestImages.NewPath("root");
        TestSigningKey.Trusted.Trust(root + "/usr/lib/verity.d", "key.crt");
        Directory.CreateDirectory(root + "/etc/verity.d");
        switch (etc)
        {
            case "other":
                TestSigningKey.Untrusted.Trust(root + "/etc/verity.d", "key.crt");
                break;
            case "empty":
                File.WriteAllText(root + "/etc/verity.d/key.crt", string.Empty);
                break;
            default:
                File.CreateSymbolicLink(root + "/etc/verity.d/key.crt", "/dev/null");
                break;
        }

        using VerityCertificateStore store = VerityCertificateStore.Load(root);

        Assert.Equal(expected, store.Certificates.Count);
        Assert.Equal(expected == 0 ? VeritySignatureCheck.NoCertificates : VeritySignatureCheck.Untrusted,
            VeritySignatureVerifier.Check(Convert.FromHexString(Hash), TestSigningKey.Trusted.Sign(Hash), store));
    }

    [RequiresFact("openssl")]
    public void Load_UnparsableAndNonCrtFiles_Skipped()
    {
        string root = TestImages.NewPath("root");
        TestSigningKey.Trusted.Trust(root + "/etc/verity.d", "b.crt");
        File.WriteAllText(root + "/etc/verity.d/a.crt", "not a certificate");
        File.Copy(TestSigningKey.Untrusted.CertificatePath, root + "/etc/verity.d/c.pem");

        using VerityCertificateStore store = VerityCertificateStore.Load(root);

        Assert.Equal([root + "/etc/verity.d/b.crt"], store.Paths);
    }

    private static VerityCertificateStore Store(TestSigningKey key)
    {
        string root = TestImages.NewPath("root");
        key.Trust(root + "/etc/verity.d");
        return VerityCertificateStore.Load(root);
    }
}
