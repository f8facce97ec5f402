// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Text;
using System.Text.Json;

namespace Portabled.Dissect.Verity;

/*
 * The content of a root-verity-sig / usr-verity-sig partition (Discoverable Partitions
 * Specification; docs/image-readers.md, "dm-verity"): UTF-8 JSON text followed only by NUL bytes,
 *
 *   { "rootHash": "<hex>", "signature": "<base64 DER PKCS#7>", "certificateFingerprint": "<hex SHA-256>" }
 *
 * rootHash and signature are required. The PKCS#7 signature is detached and covers the root hash
 * written as lower-case hex ASCII. The fingerprint names the signing certificate; systemd does not
 * need it to check the signature, and neither do we.
 */

/// <summary>A root hash and its PKCS#7 signature, as a verity signature partition carries them.</summary>
public sealed class VerityRootHashSignature
{
    /// <summary>Largest signature partition systemd reads (4 MiB); a larger one is refused.</summary>
    public const long MaxPartitionSize = 4L << 20;

    private VerityRootHashSignature(byte[] rootHash, byte[] signature, string? certificateFingerprint)
    {
        RootHash = rootHash;
        Signature = signature;
        CertificateFingerprint = certificateFingerprint;
    }

    /// <summary>The root hash the signature is for.</summary>
    public ReadOnlyMemory<byte> RootHash { get; }

    /// <summary>The DER PKCS#7 signature over the root hash's hex string.</summary>
    public ReadOnlyMemory<byte> Signature { get; }

    /// <summary>The hex SHA-256 fingerprint of the signing certificate, when given.</summary>
    public string? CertificateFingerprint { get; }

    /// <summary>
    /// Parses the partition content <paramref name="content"/>. Returns null when it holds no data at
    /// all (only NUL bytes, as an unsigned <c>Verity=defer</c> image leaves it: systemd fails with
    /// ENODATA); throws <see cref="InvalidImageException"/> for anything else that is not a valid object.
    /// </summary>
    public static VerityRootHashSignature? Parse(ReadOnlySpan<byte> content, string image)
    {
        int nul = content.IndexOf((byte)0);
        if (nul >= 0)
        {
            if (content[nul..].ContainsAnyExcept((byte)0))
            {
                throw Invalid(image, "signature data contains an embedded NUL byte");
            }

            content = content[..nul];
        }

        if (content.Trim(" \t\r\n"u8).IsEmpty)
        {
            return null;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(content.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(image, "signature data is not a JSON object");
            }

            string rootHash = RequiredString(root, "rootHash", image);
            string signature = RequiredString(root, "signature", image);
            string? fingerprint = root.TryGetProperty("certificateFingerprint", out JsonElement f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
            byte[] hash = Decode(() => Convert.FromHexString(rootHash), image, "rootHash is not a hex string");
            byte[] der = Decode(() => Convert.FromBase64String(signature), image, "signature is not base64");
            if (hash.Length == 0 || der.Length == 0)
            {
                throw Invalid(image, "rootHash or signature is empty");
            }

            return new VerityRootHashSignature(hash, der, fingerprint);
        }
        catch (JsonException e)
        {
            throw Invalid(image, "signature data is not valid JSON: " + e.Message);
        }
    }

    /// <summary>The text the signature covers: the root hash as lower-case hex, ASCII.</summary>
    public static byte[] SignedContent(ReadOnlySpan<byte> rootHash) => Encoding.ASCII.GetBytes(Convert.ToHexStringLower(rootHash));

    private static string RequiredString(JsonElement root, string name, string image)
    {
        if (!root.TryGetProperty(name, out JsonElement value))
        {
            throw Invalid(image, $"signature JSON object lacks '{name}' field");
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Invalid(image, $"'{name}' field of signature JSON object is not a string");
    }

    private static byte[] Decode(Func<byte[]> decode, string image, string problem)
    {
        try
        {
            return decode();
        }
        catch (FormatException)
        {
            throw Invalid(image, problem);
        }
    }

    private static InvalidImageException Invalid(string image, string problem) => new(image, "verity signature: " + problem);
}
