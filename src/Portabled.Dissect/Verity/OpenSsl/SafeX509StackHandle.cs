// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Verity.OpenSsl;

/// <summary>
/// A <c>STACK_OF(X509)</c> that borrows its certificates: freeing it frees only the stack. The
/// certificates' own handles must stay alive as long as it is used.
/// </summary>
internal sealed class SafeX509StackHandle : OpenSslHandle
{
    /// <summary>For the interop marshaller.</summary>
    public SafeX509StackHandle()
    {
    }

    /// <summary>An empty stack.</summary>
    public static SafeX509StackHandle Create() =>
        Track(LibCrypto.StackNew()) ?? throw new OutOfMemoryException("OpenSSL could not allocate a certificate stack");

    /// <summary>Appends <paramref name="certificate"/> (not owned; see the class remarks).</summary>
    public void Push(SafeX509Handle certificate)
    {
        if (LibCrypto.StackPush(this, certificate.DangerousGetHandle()) == 0)
        {
            LibCrypto.ClearErrors();
            throw new OutOfMemoryException("OpenSSL could not grow a certificate stack");
        }
    }

    /// <inheritdoc />
    protected override void Free(IntPtr value) => LibCrypto.StackFree(value);
}
