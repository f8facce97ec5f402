// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Tests.Fixtures;
using Portabled.Dissect.Verity;
using Portabled.Dissect.Verity.OpenSsl;
using Portabled.Testing;
using Portabled.Testing.Verity;

namespace Portabled.Dissect.Tests.Verity.OpenSsl;

/// <summary>Every OpenSSL object a signature check or a certificate load makes is freed, on every path.</summary>
[Collection(OpenSslHandleCollection.Name)]
public class OpenSslHandleTests
{
    private const string Hash = "0c1d2e3f405162738495a6b7c8d9eafb0c1d2e3f405162738495a6b7c8d9eafb";
    private const int Rounds = 1000;

    /// <summary>1,000 checks cycling through every outcome (and store loads with unparsable files) leave no handle behind.</summary>
    [RequiresFact("openssl")]
    public void Check_ThousandTimes_NoHandleLeft()
    {
        string root = TestImages.NewPath("root");
        TestSigningKey.Trusted.Trust(root + "/etc/verity.d", "a.crt");
        TestSigningKey.TrustedEcdsa.Trust(root + "/etc/verity.d", "b.crt");
        File.WriteAllText(root + "/etc/verity.d/c.crt", "not a certificate");
        byte[] hash = Convert.FromHexString(Hash);
        byte[] other = Convert.FromHexString(Hash);
        other[0] ^= 1;
        byte[][] signatures =
        [
            TestSigningKey.Trusted.Sign(Hash),
            TestSigningKey.TrustedEcdsa.Sign(Hash, embedCertificate: true),
            TestSigningKey.Untrusted.Sign(Hash, embedCertificate: true),
            TestSigningKey.Trusted.CertificateOnly(),
            [0x30, 0x03, 0x01, 0x02, 0x03],
        ];
        long before = OpenSslHandle.LiveCount;
        var seen = new HashSet<VeritySignatureCheck>();

        // A store is loaded every 100 checks (each load parses two certificates and fails on a third).
        for (int i = 0; i < Rounds; i += 100)
        {
            using VerityCertificateStore store = VerityCertificateStore.Load(root);
            using VerityCertificateStore empty = VerityCertificateStore.Load(TestImages.NewPath("empty-root"));
            Assert.Equal(before + 2, OpenSslHandle.LiveCount);
            for (int j = i; j < i + 100; j++)
            {
                byte[] signature = signatures[j % signatures.Length];
                seen.Add(VeritySignatureVerifier.Check(j % 7 == 0 ? other : hash, signature, j % 11 == 0 ? empty : store));
            }
        }

        Assert.Equal(before, OpenSslHandle.LiveCount);
        Assert.Equal([VeritySignatureCheck.Valid, VeritySignatureCheck.Untrusted, VeritySignatureCheck.NoCertificates, VeritySignatureCheck.Malformed], seen.Order());
    }
}
