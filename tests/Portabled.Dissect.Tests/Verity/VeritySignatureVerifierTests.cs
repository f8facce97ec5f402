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
