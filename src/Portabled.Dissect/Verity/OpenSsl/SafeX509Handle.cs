// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Verity.OpenSsl;

/// <summary>An X.509 certificate (OpenSSL's <c>X509</c>).</summary>
internal sealed class SafeX509Handle : OpenSslHandle
{
    /// <summary>For the interop marshaller.</summary>
    public SafeX509Handle()
    {
    }

    /// <summary>The first PEM certificate of <paramref name="text"/>, or null when it has none that parses.</summary>
    public static SafeX509Handle? TryReadPem(ReadOnlySpan<byte> text)
    {
        using SafeBioHandle bio = SafeBioHandle.FromBytes(text);
        return Track(LibCrypto.PemReadX509(bio, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero));
    }

    /// <inheritdoc />
    protected override void Free(IntPtr value) => LibCrypto.X509Free(value);
}
