// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Verity.OpenSsl;

namespace Portabled.Dissect.Verity;

/// <summary>
/// The certificates trusted to sign root hashes, found as systemd's userspace verity check finds them
/// (docs/image-readers.md, "dm-verity"): the <c>*.crt</c> files of <c>/etc/verity.d</c>,
/// <c>/run/verity.d</c>, <c>/usr/local/lib/verity.d</c> and <c>/usr/lib/verity.d</c> (under a root
/// prefix), one list ordered by file name where a name in an earlier directory hides the same name in
/// later ones and an empty file or a symlink to <c>/dev/null</c> masks it. Each file contributes its
/// first PEM certificate (read by OpenSSL's PEM_read_bio_X509, as systemd does); unreadable or
/// unparsable files are skipped. Loading needs libcrypto: without it the store is empty, and
/// <see cref="VeritySignatureVerifier.Check"/> says <see cref="VeritySignatureCheck.Unavailable"/>.
/// </summary>
public sealed class VerityCertificateStore : IDisposable
{
    /// <summary>The directories, in priority order.</summary>
    public static readonly IReadOnlyList<string> Directories = ["/etc/verity.d", "/run/verity.d", "/usr/local/lib/verity.d", "/usr/lib/verity.d"];

    // Bounds against a hostile or broken configuration: a certificate file is a few KiB.
    private const long MaxCertificateFileSize = 1 << 20;
    private const int MaxCertificates = 1024;

    private readonly List<SafeX509Handle> _certificates;

    private VerityCertificateStore(List<SafeX509Handle> certificates, List<string> paths)
    {
        _certificates = certificates;
        Paths = paths;
    }

    /// <summary>The trusted certificates, in file name order (one for each of <see cref="Paths"/>).</summary>
    internal IReadOnlyList<SafeX509Handle> Certificates => _certificates;

    /// <summary>The files they came from.</summary>
    public IReadOnlyList<string> Paths { get; }

    /// <summary>Loads the certificates below <paramref name="root"/> (<c>/</c> for the host).</summary>
    public static VerityCertificateStore Load(string root = "/")
    {
        ArgumentNullException.ThrowIfNull(root);
        var chosen = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (string dir in Directories)
        {
            string hostDir = Path.Join(root, dir);
            if (!Directory.Exists(hostDir))
            {
                continue;
            }

            IEnumerable<string> files;
            try
            {
                files = Directory.EnumerateFiles(hostDir, "*.crt").ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (string file in files)
            {
                string name = Path.GetFileName(file);
                if (!chosen.ContainsKey(name))
                {
                    chosen[name] = IsMasked(file) ? null : file;
                }
            }
        }

        var certificates = new List<SafeX509Handle>();
        var paths = new List<string>();
        if (!LibCrypto.IsAvailable)
        {
            return new VerityCertificateStore(certificates, paths);
        }

        foreach (string? file in chosen.Values)
        {
            if (file is not null && certificates.Count < MaxCertificates && TryLoad(file, out SafeX509Handle? certificate))
            {
                certificates.Add(certificate);
                paths.Add(file);
            }
        }

        return new VerityCertificateStore(certificates, paths);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (SafeX509Handle c in _certificates)
        {
            c.Dispose();
        }
    }

    private static bool IsMasked(string file)
    {
        var info = new FileInfo(file);
        if (info.LinkTarget is "/dev/null")
        {
            return true;
        }

        try
        {
            return info.Exists && info.Length == 0;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool TryLoad(string file, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SafeX509Handle? certificate)
    {
        certificate = null;
        try
        {
            var info = new FileInfo(file);
            if (!info.Exists || info.Length > MaxCertificateFileSize)
            {
                return false;
            }

            certificate = SafeX509Handle.TryReadPem(File.ReadAllBytes(file));
            return certificate is not null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
