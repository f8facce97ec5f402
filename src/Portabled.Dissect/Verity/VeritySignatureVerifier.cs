// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Verity.OpenSsl;

namespace Portabled.Dissect.Verity;

/// <summary>
/// Checks a root hash signature as systemd's userspace check does, with OpenSSL's PKCS7_verify and
/// the flags NOINTERN and NOVERIFY (docs/image-readers.md, "Checking a signature with OpenSSL"): the
/// detached PKCS#7 signature must cover the root hash's lower-case hex text, and every signer must be
/// one of the trusted certificates. Certificates embedded in the signature are not trusted, and no
/// chain or validity period is checked (trust is the verity.d directories).
/// </summary>
public static class VeritySignatureVerifier
{
    /// <summary>Checks <paramref name="signature"/> over <paramref name="rootHash"/> against <paramref name="store"/>.</summary>
    public static VeritySignatureCheck Check(ReadOnlySpan<byte> rootHash, ReadOnlySpan<byte> signature, VerityCertificateStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!LibCrypto.IsAvailable)
        {
            return VeritySignatureCheck.Unavailable;
        }

        using SafePkcs7Handle? p7 = SafePkcs7Handle.TryDecode(signature);
        if (p7 is null || !p7.IsSigned)
        {
            return VeritySignatureCheck.Malformed;
        }

        if (store.Certificates.Count == 0)
        {
            return VeritySignatureCheck.NoCertificates;
        }

        using SafeBioHandle content = SafeBioHandle.FromBytes(VerityRootHashSignature.SignedContent(rootHash));
        return Verify(p7, content, store.Certificates) ? VeritySignatureCheck.Valid : VeritySignatureCheck.Untrusted;
    }

    private static bool Verify(SafePkcs7Handle p7, SafeBioHandle content, IReadOnlyList<SafeX509Handle> trusted)
    {
        // The stack only borrows the certificates: hold a reference on each for as long as OpenSSL may look at it.
        var held = new List<SafeX509Handle>(trusted.Count);
        try
        {
            using SafeX509StackHandle stack = SafeX509StackHandle.Create();
            foreach (SafeX509Handle certificate in trusted)
            {
                bool added = false;
                certificate.DangerousAddRef(ref added);
                held.Add(certificate);
                stack.Push(certificate);
            }

            if (LibCrypto.Pkcs7Verify(p7, stack, IntPtr.Zero, content, IntPtr.Zero, LibCrypto.Pkcs7NoIntern | LibCrypto.Pkcs7NoVerify) == 1)
            {
                return true;
            }

            LibCrypto.ClearErrors();
            return false;
        }
        finally
        {
            foreach (SafeX509Handle certificate in held)
            {
                certificate.DangerousRelease();
            }
        }
    }
}
