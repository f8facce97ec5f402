// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;

namespace Portabled.Dissect.Verity.OpenSsl;

/// <summary>PKCS#7 signatures (openssl/pkcs7.h).</summary>
internal static partial class LibCrypto
{
    /// <summary>PKCS7_NOINTERN: signers are looked up only among the certificates passed in, not those the signature carries.</summary>
    public const int Pkcs7NoIntern = 0x10;

    /// <summary>PKCS7_NOVERIFY: no chain, purpose or validity check of the signer's certificate.</summary>
    public const int Pkcs7NoVerify = 0x20;

    /// <summary>
    /// d2i_PKCS7(NULL, &amp;cursor, length): decodes one PKCS#7 ContentInfo (DER or BER) and advances
    /// <paramref name="cursor"/> past it; null when the bytes are not one. C's <c>long</c> is pointer-sized on Linux.
    /// </summary>
    [LibraryImport(Name, EntryPoint = "d2i_PKCS7")]
    public static partial SafePkcs7Handle D2iPkcs7(IntPtr reuse, ref IntPtr cursor, nint length);

    /// <summary>PKCS7_get_signer_info(p7): the signer infos of a SignedData (or SignedAndEnvelopedData); null for any other content type.</summary>
    [LibraryImport(Name, EntryPoint = "PKCS7_get_signer_info")]
    public static partial IntPtr Pkcs7GetSignerInfo(SafePkcs7Handle p7);

    /// <summary>
    /// PKCS7_verify(p7, certs, store, indata, out, flags): 1 when every signer is found and its
    /// signature over <paramref name="content"/> checks out, else 0 (reasons on the error queue).
    /// </summary>
    [LibraryImport(Name, EntryPoint = "PKCS7_verify")]
    public static partial int Pkcs7Verify(SafePkcs7Handle p7, SafeX509StackHandle certificates, IntPtr store, SafeBioHandle content, IntPtr output, int flags);

    /// <summary>PKCS7_free(p7).</summary>
    [LibraryImport(Name, EntryPoint = "PKCS7_free")]
    public static partial void Pkcs7Free(IntPtr p7);
}
