// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Runtime.InteropServices;
using System.Text;

namespace Portabled.Dissect.Metadata;

/// <summary>
/// os-release, extension-release, machine-info and other environment-like files, parsed the way systemd
/// parses them (its load_env_file_pairs()), for the daemon and portabled-dissect alike. The syntax is
/// described on <see cref="EnvFileParser"/> and in docs/image-metadata.md; in short: <c>KEY=value</c>
/// lines, shell-like quoting, no key syntax check (<c>1BAD=x</c> and <c>export A=b</c>, whose key is
/// <c>export A</c>, are kept). A repeated key keeps its first position and takes its last value. A file
/// with a NUL byte, or with a key or value that is not valid UTF-8, is refused as a whole.
/// </summary>
public static class EnvFile
{
    /// <summary>
    /// The assignments of <paramref name="data"/>, in file order. <paramref name="fileName"/> names the
    /// file in messages as systemd does (<c>os-release</c>, <c>extension-release</c>, <c>machine-info</c>).
    /// Throws <see cref="EnvFileException"/> for a file systemd refuses.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(ReadOnlySpan<byte> data, string fileName, EnvFileRules? rules = null)
    {
        if (data.Contains((byte)0))
        {
            throw new EnvFileException(EnvFileError.EmbeddedNul, $"{fileName}: contains a NUL byte, refusing.");
        }

        var pairs = new List<KeyValuePair<string, string>>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        EnvFileParser.Run(data, rules ?? EnvFileRules.Current, (keyBytes, valueBytes, line) =>
        {
            (string key, string value) = Decode(CollectionsMarshal.AsSpan(keyBytes), CollectionsMarshal.AsSpan(valueBytes), fileName, line);
            if (positions.TryGetValue(key, out int at))
            {
                pairs[at] = new KeyValuePair<string, string>(key, value);
            }
            else
            {
                positions[key] = pairs.Count;
                pairs.Add(new KeyValuePair<string, string>(key, value));
            }
        });
        return pairs;
    }

    /// <summary>The value of <paramref name="key"/> in parsed pairs, or null when it is not assigned.</summary>
    public static string? Get(IReadOnlyList<KeyValuePair<string, string>> pairs, string key)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        foreach (var pair in pairs)
        {
            if (string.Equals(pair.Key, key, StringComparison.Ordinal))
            {
                return pair.Value;
            }
        }

        return null;
    }

    // systemd checks the key first, then the value, and names the line its counter has reached.
    private static (string Key, string Value) Decode(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, string fileName, int line)
    {
        if (!SystemdUtf8.IsValid(key))
        {
            throw new EnvFileException(EnvFileError.InvalidUtf8, $"{fileName}:{line}: invalid UTF-8 in key '{SystemdUtf8.EscapeInvalid(key)}', ignoring.");
        }

        string keyText = Encoding.UTF8.GetString(key);
        if (!SystemdUtf8.IsValid(value))
        {
            throw new EnvFileException(EnvFileError.InvalidUtf8, $"{fileName}:{line}: invalid UTF-8 value for key {keyText}: '{SystemdUtf8.EscapeInvalid(value)}', ignoring.");
        }

        return (keyText, Encoding.UTF8.GetString(value));
    }
}
