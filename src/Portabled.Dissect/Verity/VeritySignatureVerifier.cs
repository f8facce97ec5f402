// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Portabled.Dissect.Verity;

/// <summary>
/// Checks a root hash signature as systemd's userspace check does (OpenSSL's PKCS7_verify with
/// NOINTERN and NOVERIFY): the detached PKCS#7 signature must cover the root hash's lower-case hex
/// text, and every signer must be one of the trusted certificates. Certificates embedded in the
/// signature are not trusted, and no chain or validity period is checked (trust is the verity.d
/// directories).
/// </summary>
public static class VeritySignatureVerifier
{
    /// <summary>Checks <paramref name="signature"/> over <paramref name="rootHash"/> against <paramref name="store"/>.</summary>
    public static VeritySignatureCheck Check(ReadOnlySpan<byte> rootHash, ReadOnlySpan<byte> signature, VerityCertificateStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var cms = new SignedCms(new ContentInfo(VerityRootHashSignature.SignedContent(rootHash)), detached: true);
        try
        {
            cms.Decode(signature);
        }
        catch (CryptographicException)
        {
            return VeritySignatureCheck.Malformed;
        }

        if (store.Certificates.Count == 0)
        {
            return VeritySignatureCheck.NoCertificates;
        }

        if (cms.SignerInfos.Count == 0)
        {
            return VeritySignatureCheck.Untrusted;
        }

        // NOINTERN: drop the certificates the signature carries, so signers are looked up among the trusted ones only.
        foreach (X509Certificate2 embedded in cms.Certificates)
        {
            cms.RemoveCertificate(embedded);
        }

        try
        {
            cms.CheckSignature(new X509Certificate2Collection(store.Certificates.ToArray()), verifySignatureOnly: true);
            return VeritySignatureCheck.Valid;
        }
        catch (CryptographicException)
        {
            return VeritySignatureCheck.Untrusted;
        }
    }
}
