// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Portabled.Testing.Verity;

/// <summary>
/// A self-signed key and certificate made with <c>openssl req</c>, signing root hashes the way
/// systemd's own tests and repart do: <c>openssl smime -sign -nocerts -noattr -binary</c>, a detached
/// DER PKCS#7 over the root hash's hex text.
/// </summary>
public sealed class TestSigningKey
{
    private static readonly Lazy<TestSigningKey> s_trusted = new(() => new TestSigningKey("portabled-verity-test"));
    private static readonly Lazy<TestSigningKey> s_untrusted = new(() => new TestSigningKey("portabled-verity-untrusted"));
    private static readonly Lazy<TempDirectory> s_directory = new(() =>
    {
        var dir = new TempDirectory("portabled-verity-keys");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => dir.Dispose();
        return dir;
    });

    private TestSigningKey(string commonName)
    {
        KeyPath = s_directory.Value[commonName + ".key"];
        CertificatePath = s_directory.Value[commonName + ".crt"];
        ProcessRunner.RunChecked("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650",
            "-subj", "/CN=" + commonName, "-keyout", KeyPath, "-out", CertificatePath);
        using X509Certificate2 certificate = X509Certificate2.CreateFromPem(File.ReadAllText(CertificatePath));
        Fingerprint = Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
    }

    /// <summary>The key tests trust (installed into a verity.d directory by <see cref="Trust"/>).</summary>
    public static TestSigningKey Trusted => s_trusted.Value;

    /// <summary>A second key nobody trusts.</summary>
    public static TestSigningKey Untrusted => s_untrusted.Value;

    /// <summary>The private key (PEM).</summary>
    public string KeyPath { get; }

    /// <summary>The certificate (PEM).</summary>
    public string CertificatePath { get; }

    /// <summary>Hex SHA-256 of the DER certificate (the signature partition's <c>certificateFingerprint</c>).</summary>
    public string Fingerprint { get; }

    /// <summary>Signs <paramref name="rootHashHex"/>; with <paramref name="embedCertificate"/> the certificate travels in the signature.</summary>
    public byte[] Sign(string rootHashHex, bool embedCertificate = false)
    {
        string input = s_directory.Value[$"{Guid.NewGuid():N}.txt"];
        string output = input + ".p7s";
        File.WriteAllText(input, rootHashHex.ToLowerInvariant());
        var args = new List<string> { "smime", "-sign", "-noattr", "-binary", "-in", input, "-inkey", KeyPath, "-signer", CertificatePath, "-outform", "der", "-out", output };
        if (!embedCertificate)
        {
            args.Insert(2, "-nocerts");
        }

        ProcessRunner.RunChecked("openssl", [.. args]);
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
