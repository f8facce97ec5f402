// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;

namespace Portabled.Dissect.Verity.OpenSsl;

/// <summary>Memory BIOs (openssl/bio.h): the byte streams OpenSSL reads PEM text and signed content from.</summary>
internal static partial class LibCrypto
{
    /// <summary>BIO_s_mem(): the method of a growable memory BIO (a static table, never freed).</summary>
    [LibraryImport(Name, EntryPoint = "BIO_s_mem")]
    public static partial IntPtr BioMemoryMethod();

    /// <summary>BIO_new(method): a new BIO, or null.</summary>
    [LibraryImport(Name, EntryPoint = "BIO_new")]
    public static partial SafeBioHandle BioNew(IntPtr method);

    /// <summary>BIO_write(bio, data, length): the bytes written (a memory BIO copies them), or ≤ 0.</summary>
    [LibraryImport(Name, EntryPoint = "BIO_write")]
    public static partial int BioWrite(SafeBioHandle bio, ref byte data, int length);

    /// <summary>BIO_C_SET_BUF_MEM_EOF_RETURN, the control behind the BIO_set_mem_eof_return macro.</summary>
    public const int BioSetMemoryEofReturn = 130;

    /// <summary>BIO_ctrl(bio, command, argument, pointer).</summary>
    [LibraryImport(Name, EntryPoint = "BIO_ctrl")]
    public static partial nint BioCtrl(SafeBioHandle bio, int command, nint argument, IntPtr pointer);

    /// <summary>BIO_free(bio).</summary>
    [LibraryImport(Name, EntryPoint = "BIO_free")]
    public static partial int BioFree(IntPtr bio);
}
