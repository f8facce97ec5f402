// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Dissection;

/// <summary>
/// Verity files found next to an image <c>X.raw</c> (systemd's verity_settings_load()): <c>X.roothash</c>
/// or <c>X.usrhash</c> (hex root hash), <c>X.roothash.p7s</c>/<c>X.usrhash.p7s</c> (PKCS#7 signature) and
/// <c>X.verity</c> (hash tree of a naked file system). <see cref="DissectedImage"/> turns them into
/// <see cref="VeritySettings"/>.
/// </summary>
public sealed class VeritySidecars
{
    /// <summary>Path of the root hash file, or null.</summary>
    public string? RootHashPath { get; init; }

    /// <summary>The root hash from <see cref="RootHashPath"/> (or <see cref="UsrHashPath"/>), or empty.</summary>
    public ReadOnlyMemory<byte> RootHash { get; init; }

    /// <summary>Path of the /usr hash file, or null.</summary>
    public string? UsrHashPath { get; init; }

    /// <summary>The /usr hash from <see cref="UsrHashPath"/>, or empty.</summary>
    public ReadOnlyMemory<byte> UsrHash { get; init; }

    /// <summary>Path of the PKCS#7 signature of the root (or /usr) hash, or null.</summary>
    public string? SignaturePath => RootSignaturePath ?? UsrSignaturePath;

    /// <summary>Path of <c>X.roothash.p7s</c>, or null.</summary>
    public string? RootSignaturePath { get; init; }

    /// <summary>Path of <c>X.usrhash.p7s</c>, or null.</summary>
    public string? UsrSignaturePath { get; init; }

    /// <summary>Path of the external hash tree, or null.</summary>
    public string? DataPath { get; init; }

    /// <summary>True when any sidecar was found.</summary>
    public bool Any => RootHashPath is not null || UsrHashPath is not null || SignaturePath is not null || DataPath is not null;

    /// <summary>Looks for the sidecars of <paramref name="imagePath"/> (with a <c>.raw</c> suffix removed).</summary>
    public static VeritySidecars Find(string imagePath)
    {
        string stem = imagePath.EndsWith(".raw", StringComparison.Ordinal) ? imagePath[..^4] : imagePath;
        string? Existing(string suffix) => File.Exists(stem + suffix) ? stem + suffix : null;
        string? root = Existing(".roothash");
        string? usr = Existing(".usrhash");
        return new VeritySidecars
        {
            RootHashPath = root,
            RootHash = root is null ? default : ReadHash(root),
            UsrHashPath = usr,
            UsrHash = usr is null ? default : ReadHash(usr),
            RootSignaturePath = Existing(".roothash.p7s"),
            UsrSignaturePath = Existing(".usrhash.p7s"),
            DataPath = Existing(".verity"),
        };
    }

    private static byte[] ReadHash(string path)
    {
        // One line of hex, at least 128 bits (systemd refuses shorter root hashes); a few KiB at most.
        using var reader = new StreamReader(path);
        char[] buffer = new char[4096];
        int n = reader.ReadBlock(buffer, 0, buffer.Length);
        string text = new string(buffer, 0, n).Trim();
        try
        {
            byte[] hash = Convert.FromHexString(text);
            if (hash.Length >= 16)
            {
                return hash;
            }
        }
        catch (FormatException)
        {
        }

        throw new InvalidImageException(path, "invalid root hash: expected at least 32 hex digits");
    }
}
