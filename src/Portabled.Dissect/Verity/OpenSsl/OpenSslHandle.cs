// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;

namespace Portabled.Dissect.Verity.OpenSsl;

/// <summary>
/// An OpenSSL object this process owns, freed exactly once when disposed (or finalized). Every
/// handle counts itself in <see cref="LiveCount"/> from <see cref="Track"/> to its release, so
/// tests can check that no path leaks one.
/// </summary>
internal abstract class OpenSslHandle : SafeHandle
{
    private static long s_live;

    protected OpenSslHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    /// <summary>OpenSSL objects made through these handles and not freed yet.</summary>
    public static long LiveCount => Interlocked.Read(ref s_live);

    /// <inheritdoc />
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>
    /// Counts a handle that a constructor function just returned; returns null (after clearing the
    /// error queue) when it is null, so that callers test for null instead of IsInvalid.
    /// </summary>
    protected static T? Track<T>(T created)
        where T : OpenSslHandle
    {
        if (created.IsInvalid)
        {
            created.Dispose();
            LibCrypto.ClearErrors();
            return null;
        }

        Interlocked.Increment(ref s_live);
        return created;
    }

    /// <summary>Frees <paramref name="value"/> with the object's own free function.</summary>
    protected abstract void Free(IntPtr value);

    /// <inheritdoc />
    protected sealed override bool ReleaseHandle()
    {
        Free(handle);
        Interlocked.Decrement(ref s_live);
        return true;
    }
}
