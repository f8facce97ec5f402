// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Verity;

/// <summary>
/// The root hash signature of an image did not check out (<see cref="Check"/> says why). systemd
/// refuses to activate such a volume with ENOKEY when its policy asks for a signature; the HResult is
/// that errno (EINVAL for a signature that is not PKCS#7 at all, as systemd's parse failure).
/// </summary>
public sealed class VeritySignatureException : IOException
{
    private const int EINVAL = 22;
    private const int ENOKEY = 126;

    /// <summary>Creates the exception for <paramref name="image"/>.</summary>
    public VeritySignatureException(string image, VeritySignatureCheck check)
        : base($"{image}: {Describe(check)}")
    {
        Image = image;
        Check = check;
        HResult = check == VeritySignatureCheck.Malformed ? EINVAL : ENOKEY;
    }

    /// <summary>The image.</summary>
    public string Image { get; }

    /// <summary>Why the signature was refused.</summary>
    public VeritySignatureCheck Check { get; }

    private static string Describe(VeritySignatureCheck check) => check switch
    {
        VeritySignatureCheck.NoCertificates => "root hash signature cannot be checked: no certificates in any verity.d directory",
        VeritySignatureCheck.Malformed => "root hash signature is not a DER PKCS#7 signature",
        VeritySignatureCheck.Unavailable => "root hash signature cannot be checked: libcrypto.so.3 cannot be loaded",
        _ => "root hash signature does not verify against any trusted certificate in the verity.d directories",
    };
}
