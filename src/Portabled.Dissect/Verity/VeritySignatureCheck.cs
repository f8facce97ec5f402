// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Verity;

/// <summary>The outcome of checking a root hash signature against the trusted certificates.</summary>
public enum VeritySignatureCheck
{
    /// <summary>A trusted certificate signed the root hash.</summary>
    Valid,

    /// <summary>The signature is well-formed but no trusted certificate made it, or it does not cover this root hash.</summary>
    Untrusted,

    /// <summary>No certificate is installed in any verity.d directory.</summary>
    NoCertificates,

    /// <summary>The signature is not a DER PKCS#7 SignedData.</summary>
    Malformed,

    /// <summary>The signature cannot be checked: OpenSSL's libcrypto (libcrypto.so.3) cannot be loaded.</summary>
    Unavailable,
}
