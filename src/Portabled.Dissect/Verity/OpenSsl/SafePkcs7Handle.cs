// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Verity.OpenSsl;

/// <summary>A decoded PKCS#7 ContentInfo (OpenSSL's <c>PKCS7</c>).</summary>
internal sealed class SafePkcs7Handle : OpenSslHandle
{
    /// <summary>For the interop marshaller.</summary>
    public SafePkcs7Handle()
    {
    }

    /// <summary>Whether the content is a SignedData (or SignedAndEnvelopedData): one with signer infos to check.</summary>
    public bool IsSigned => LibCrypto.Pkcs7GetSignerInfo(this) != IntPtr.Zero;

    /// <summary>
    /// Decodes the PKCS#7 ContentInfo at the start of <paramref name="der"/>; null when it does not
    /// decode. Bytes after it are ignored, as systemd's d2i_PKCS7 call ignores them.
    /// </summary>
    public static unsafe SafePkcs7Handle? TryDecode(ReadOnlySpan<byte> der)
    {
        if (der.IsEmpty)
        {
            return null;
        }

        fixed (byte* start = der)
        {
            var cursor = (IntPtr)start;
            return Track(LibCrypto.D2iPkcs7(IntPtr.Zero, ref cursor, der.Length));
        }
    }

    /// <inheritdoc />
    protected override void Free(IntPtr value) => LibCrypto.Pkcs7Free(value);
}
