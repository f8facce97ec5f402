// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Portabled.Testing.Verity;

/// <summary>
/// A self-signed key and certificate made with <c>openssl req</c>, signing root hashes the way
/// systemd's own tests and repart do: <c>openssl smime -sign -nocerts -noattr -binary</c>, a detached
/// DER PKCS#7 over the root hash's hex text. The keys are RSA 2048, except <see cref="TrustedEcdsa"/> (NIST P-256).
/// </summary>
public sealed class TestSigningKey
{
    private static readonly Lazy<TestSigningKey> s_trusted = new(() => new TestSigningKey("portabled-verity-test"));
    private static readonly Lazy<TestSigningKey> s_untrusted = new(() => new TestSigningKey("portabled-verity-untrusted"));
    private static readonly Lazy<TestSigningKey> s_trustedEcdsa = new(() => new TestSigningKey("portabled-verity-ecdsa", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"));
    private static readonly Lazy<TempDirectory> s_directory = new(() =>
    {
        var dir = new TempDirectory("portabled-verity-keys");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => dir.Dispose();
        return dir;
    });

    private TestSigningKey(string commonName, params string[] newKey)
    {
        KeyPath = s_directory.Value[commonName + ".key"];
        CertificatePath = s_directory.Value[commonName + ".crt"];
        string[] key = newKey.Length > 0 ? newKey : ["-newkey", "rsa:2048"];
        ProcessRunner.RunChecked("openssl", ["req", "-x509", .. key, "-nodes", "-days", "3650",
            "-subj", "/CN=" + commonName, "-keyout", KeyPath, "-out", CertificatePath]);
        using X509Certificate2 certificate = X509Certificate2.CreateFromPem(File.ReadAllText(CertificatePath));
        Fingerprint = Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
    }

    /// <summary>The key tests trust (installed into a verity.d directory by <see cref="Trust"/>).</summary>
    public static TestSigningKey Trusted => s_trusted.Value;

    /// <summary>A second key nobody trusts.</summary>
    public static TestSigningKey Untrusted => s_untrusted.Value;

    /// <summary>An ECDSA (P-256) key, trusted where a test installs it.</summary>
    public static TestSigningKey TrustedEcdsa => s_trustedEcdsa.Value;

    /// <summary>The private key (PEM).</summary>
    public string KeyPath { get; }

    /// <summary>The certificate (PEM).</summary>
    public string CertificatePath { get; }

    /// <summary>Hex SHA-256 of the DER certificate (the signature partition's <c>certificateFingerprint</c>).</summary>
    public string Fingerprint { get; }

    /// <summary>Signs <paramref name="rootHashHex"/>; with <paramref name="embedCertificate"/> the certificate travels in the signature.</summary>
    public byte[] Sign(string rootHashHex, bool embedCertificate = false) =>
        embedCertificate ? SignWith(rootHashHex.ToLowerInvariant()) : SignWith(rootHashHex.ToLowerInvariant(), "-nocerts");

    /// <summary>
    /// Signs <paramref name="content"/> (as it is) with <c>openssl smime -sign -noattr -binary</c> plus
    /// <paramref name="options"/> (e.g. <c>-nocerts</c>, <c>-nodetach</c>, <c>-certfile FILE</c>).
    /// </summary>
    public byte[] SignWith(string content, params string[] options)
    {
        string input = s_directory.Value[$"{Guid.NewGuid():N}.txt"];
        string output = input + ".p7s";
        File.WriteAllText(input, content);
        ProcessRunner.RunChecked("openssl", ["smime", "-sign", .. options, "-noattr", "-binary", "-in", input, "-inkey", KeyPath,
            "-signer", CertificatePath, "-outform", "der", "-out", output]);
        return File.ReadAllBytes(output);
    }

    /// <summary>
    /// A CMS signature over <paramref name="rootHashHex"/> whose signer is named by its subject key
    /// identifier (<c>openssl cms -sign -keyid</c>), which PKCS#7 cannot express.
    /// </summary>
    public byte[] SignCmsByKeyId(string rootHashHex)
    {
        string input = s_directory.Value[$"{Guid.NewGuid():N}.txt"];
        string output = input + ".p7s";
        File.WriteAllText(input, rootHashHex.ToLowerInvariant());
        ProcessRunner.RunChecked("openssl", "cms", "-sign", "-keyid", "-nocerts", "-noattr", "-binary", "-in", input, "-inkey", KeyPath,
            "-signer", CertificatePath, "-outform", "der", "-out", output);
        return File.ReadAllBytes(output);
    }

    /// <summary>A DER PKCS#7 SignedData that carries this certificate and no signer (<c>openssl crl2pkcs7 -nocrl</c>).</summary>
    public byte[] CertificateOnly()
    {
        string output = s_directory.Value[$"{Guid.NewGuid():N}.p7b"];
        ProcessRunner.RunChecked("openssl", "crl2pkcs7", "-nocrl", "-certfile", CertificatePath, "-outform", "der", "-out", output);
        return File.ReadAllBytes(output);
    }

    /// <summary>The content of a verity signature partition for <paramref name="rootHashHex"/> signed with this key.</summary>
    public string SignatureJson(string rootHashHex) =>
        $$"""{"rootHash":"{{rootHashHex}}","certificateFingerprint":"{{Fingerprint}}","signature":"{{Convert.ToBase64String(Sign(rootHashHex))}}"}""";

    /// <summary>Installs the certificate as <paramref name="directory"/>/<paramref name="name"/> (e.g. <c>ROOT/etc/verity.d</c>).</summary>
    public void Trust(string directory, string name = "test.crt")
    {
        Directory.CreateDirectory(directory);
        File.Copy(CertificatePath, Path.Join(directory, name), overwrite: true);
    }
}
