// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;

namespace Portabled.Dissect.Verity.OpenSsl;

/// <summary>A memory BIO holding a copy of some bytes.</summary>
internal sealed class SafeBioHandle : OpenSslHandle
{
    /// <summary>For the interop marshaller.</summary>
    public SafeBioHandle()
    {
    }

    /// <summary>
    /// A memory BIO that reads back <paramref name="data"/> (copied, so the span need not outlive the
    /// call) and then reports end of input (0), as the read-only buffer BIO systemd uses does, not
    /// "retry" (-1), a writable memory BIO's default.
    /// </summary>
    public static SafeBioHandle FromBytes(ReadOnlySpan<byte> data)
    {
        SafeBioHandle bio = Track(LibCrypto.BioNew(LibCrypto.BioMemoryMethod())) ?? throw new OutOfMemoryException("OpenSSL could not allocate a memory BIO");
        if ((!data.IsEmpty && LibCrypto.BioWrite(bio, ref MemoryMarshal.GetReference(data), data.Length) != data.Length)
            || LibCrypto.BioCtrl(bio, LibCrypto.BioSetMemoryEofReturn, 0, IntPtr.Zero) <= 0)
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
