// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Verity.OpenSsl;

/// <summary>A memory BIO holding a copy of some bytes.</summary>
internal sealed class SafeBioHandle : OpenSslHandle
{
    /// <summary>For the interop marshaller.</summary>
    public SafeBioHandle()
    {
    }

    /// <summary>A memory BIO that reads back <paramref name="data"/> (copied, so the span need not outlive the call).</summary>
    public static SafeBioHandle FromBytes(ReadOnlySpan<byte> data)
    {
        SafeBioHandle bio = Track(LibCrypto.BioNew(LibCrypto.BioMemoryMethod())) ?? throw new OutOfMemoryException("OpenSSL could not allocate a memory BIO");
        if (data.IsEmpty)
        {
            return bio;
        }

        ref byte first = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(data);
        if (LibCrypto.BioWrite(bio, ref first, data.Length) != data.Length)
        {
            bio.Dispose();
            LibCrypto.ClearErrors();
            throw new OutOfMemoryException("OpenSSL could not fill a memory BIO");
        }

        return bio;
    }

    /// <inheritdoc />
    protected override void Free(IntPtr value) => LibCrypto.BioFree(value);
}
