// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;

namespace Portabled.Dissect.Verity.OpenSsl;

/// <summary>X.509 certificates (openssl/pem.h, openssl/x509.h) and the stack of them PKCS7_verify searches.</summary>
internal static partial class LibCrypto
{
    /// <summary>
    /// PEM_read_bio_X509(bio, NULL, NULL, NULL): the first CERTIFICATE block of the text (blocks of
    /// other types before it are skipped), or null; what systemd reads from each verity.d file.
    /// </summary>
    [LibraryImport(Name, EntryPoint = "PEM_read_bio_X509")]
    public static partial SafeX509Handle PemReadX509(SafeBioHandle bio, IntPtr reuse, IntPtr passwordCallback, IntPtr callbackData);

    /// <summary>X509_free(certificate).</summary>
    [LibraryImport(Name, EntryPoint = "X509_free")]
    public static partial void X509Free(IntPtr certificate);

    /// <summary>OPENSSL_sk_new_null() (what the sk_X509_new_null macro calls): an empty stack, or null.</summary>
    [LibraryImport(Name, EntryPoint = "OPENSSL_sk_new_null")]
    public static partial SafeX509StackHandle StackNew();

    /// <summary>OPENSSL_sk_push(stack, item): the new count, or 0 when out of memory. The stack does not own the item.</summary>
    [LibraryImport(Name, EntryPoint = "OPENSSL_sk_push")]
    public static partial int StackPush(SafeX509StackHandle stack, IntPtr item);

    /// <summary>OPENSSL_sk_free(stack): frees the stack only, not its items.</summary>
    [LibraryImport(Name, EntryPoint = "OPENSSL_sk_free")]
    public static partial void StackFree(IntPtr stack);
}
